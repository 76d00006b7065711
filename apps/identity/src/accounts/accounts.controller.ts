import { Body, Controller, Get, HttpCode, Post, Req, UnauthorizedException } from '@nestjs/common';
import { ACCEPTED } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { AccountViewService } from './account-view.service';
import { RegistrationService } from './registration.service';
import { LANGUAGE_HINT_HEADER, languageHint } from './request-language';

/** API.md "Accounts and sessions": sign-up, verification and the account half of GET /me. */
@Controller()
export class AccountsController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly accounts: AccountViewService,
  ) {}

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

  @Get('me')
  me(@Req() request: RequestWithAssertion) {
    const accountId = request.assertion?.sub;
    if (!accountId) throw new UnauthorizedException('A session is required');
    return this.accounts.view(accountId);
  }
}
