import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ACCEPTED } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { RegistrationService } from './registration.service';
import { LANGUAGE_HINT_HEADER, languageHint } from './request-language';

/**
 * docs/api.md "Accounts and sessions": sign-up and verification. (The account half of GET /me comes
 * with the session lookup, internal/sessions/resolve.)
 */
@Controller()
export class AccountsController {
  constructor(private readonly registration: RegistrationService) {}

  @Post('accounts')
  @HttpCode(202)
  async register(@Body() body: unknown, @Req() request: RequestWithAssertion) {
    await this.registration.register(body, languageHint(request.headers[LANGUAGE_HINT_HEADER]));
    return ACCEPTED;
  }

  @Post('accounts/verification')
  @HttpCode(204)
  async verify(@Body() body: unknown): Promise<void> {
    await this.registration.verify(body);
  }

  @Post('accounts/verification/resend')
  @HttpCode(202)
  async resend(@Body() body: unknown) {
    await this.registration.resendVerification(body);
    return ACCEPTED;
  }
}
