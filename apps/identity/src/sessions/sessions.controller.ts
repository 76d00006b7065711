import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, UnauthorizedException, UseGuards } from '@nestjs/common';
import { resolveSessionBody, uuidField } from '@sargs/contracts';
import type { InternalAssertion, RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { parseInput, problem, ProblemException } from '@sargs/platform/service';
import { LoginGuard } from './login.guard';
import { SessionsService, type CreatedSession } from './sessions.service';

function withSession(request: RequestWithAssertion): Required<Pick<InternalAssertion, 'sub' | 'sid'>> {
  const { sub, sid } = request.assertion ?? {};
  if (!sub || !sid) throw new UnauthorizedException('A session is required');
  return { sub, sid };
}

/** Login, my sessions, logout; and the gateway's session lookup. */
@Controller()
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  /** The token goes to the gateway, which puts it in the cookie and never in a body. */
  @Post('sessions')
  @HttpCode(200)
  @UseGuards(LoginGuard)
  login(@Req() request: RequestWithAssertion & { user: CreatedSession }): CreatedSession {
    return request.user;
  }

  @Get('sessions')
  list(@Req() request: RequestWithAssertion) {
    const { sub, sid } = withSession(request);
    return this.sessions.list(sub, sid);
  }

  @Delete('sessions/current')
  @HttpCode(204)
  async logout(@Req() request: RequestWithAssertion): Promise<void> {
    const { sub, sid } = withSession(request);
    await this.sessions.revoke(sub, sid);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  async revoke(@Param('id') id: string, @Req() request: RequestWithAssertion): Promise<void> {
    const { sub } = withSession(request);
    // Someone else's session and no session at all look the same: 404.
    if (!uuidField.safeParse(id).success || !(await this.sessions.revoke(sub, id))) throw new ProblemException(problem(404, 'No such session'));
  }

  @Post('internal/sessions/resolve')
  @HttpCode(200)
  async resolve(@Body() body: unknown) {
    const { tokenHash } = parseInput(resolveSessionBody, body);
    const session = await this.sessions.resolve(Buffer.from(tokenHash, 'base64url'));
    if (!session) throw new UnauthorizedException('No valid session');
    return session;
  }
}
