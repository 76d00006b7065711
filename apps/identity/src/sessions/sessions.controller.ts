import { Controller, Delete, Get, HttpCode, Post, Req, Sse, UseGuards, type MessageEvent } from '@nestjs/common';
import { resolveSessionBody, SESSION_CHANGES_PATH, type ResolveSessionBody } from '@sargs/contracts';
import type { Observable } from 'rxjs';
import { Account, IdParam, NotFoundError, NotSignedInError, SessionId, SignedIn, ZodBody } from '@sargs/platform/service';
import type { Request } from 'express';
import { LoginGuard } from './login.guard';
import { SessionChangeFeed } from './session-change-feed';
import { SessionsService, type CreatedSession } from './sessions.service';

const NO_SUCH_SESSION = 'No such session';

/** Login, my sessions, logout; and the gateway's session lookup. */
@Controller()
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly changes: SessionChangeFeed,
  ) {}

  /** The token goes to the gateway, which puts it in the cookie and never in a body. */
  @Post('sessions')
  @HttpCode(200)
  @UseGuards(LoginGuard)
  login(@Req() request: Request & { user: CreatedSession }): CreatedSession {
    return request.user;
  }

  @SignedIn()
  @Get('sessions')
  list(@Account() accountId: string, @SessionId() sessionId: string) {
    return this.sessions.list(accountId, sessionId);
  }

  @SignedIn()
  @Delete('sessions/current')
  @HttpCode(204)
  async logout(@Account() accountId: string, @SessionId() sessionId: string): Promise<void> {
    await this.sessions.revoke(accountId, sessionId);
  }

  @SignedIn()
  @Delete('sessions/:id')
  @HttpCode(204)
  async revoke(@IdParam('id', NO_SUCH_SESSION) id: string, @Account() accountId: string): Promise<void> {
    // Someone else's session and no session at all look the same: 404.
    if (!(await this.sessions.revoke(accountId, id))) throw new NotFoundError(NO_SUCH_SESSION);
  }

  /** The gateway's lookup of a cookie's session: internal, never routed from outside. */
  @Post('internal/sessions/resolve')
  @HttpCode(200)
  async resolve(@ZodBody(resolveSessionBody) body: ResolveSessionBody) {
    const session = await this.sessions.resolve(Buffer.from(body.tokenHash, 'base64url'));
    if (!session) throw new NotSignedInError('No valid session');
    return session;
  }

  /** The gateways' feed of session changes (server-sent events): internal, never routed from outside. */
  @Sse(SESSION_CHANGES_PATH.slice(1))
  changeFeed(): Observable<MessageEvent> {
    return this.changes.stream();
  }
}
