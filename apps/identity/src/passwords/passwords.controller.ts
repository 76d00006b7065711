import { Body, Controller, HttpCode, Post, Put, Req, UnauthorizedException } from '@nestjs/common';
import { ACCEPTED } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { PasswordChangeService } from './password-change.service';

@Controller()
export class PasswordsController {
  constructor(private readonly passwords: PasswordChangeService) {}

  @Put('me/password')
  @HttpCode(204)
  async change(@Body() body: unknown, @Req() request: RequestWithAssertion): Promise<void> {
    if (!request.assertion?.sub) throw new UnauthorizedException('A session is required');
    await this.passwords.change(request.assertion.sub, request.assertion.sid, body);
  }

  @Post('password-resets')
  @HttpCode(202)
  async requestReset(@Body() body: unknown) {
    await this.passwords.requestReset(body);
    return ACCEPTED;
  }

  @Post('password-resets/confirm')
  @HttpCode(204)
  async confirmReset(@Body() body: unknown): Promise<void> {
    await this.passwords.confirmReset(body);
  }
}
