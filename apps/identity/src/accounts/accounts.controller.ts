import { Controller, HttpCode, Post } from '@nestjs/common';
import { ACCEPTED, emailOnlyBody, registerAccountBody, verificationBody, type EmailOnlyBody, type Language, type RegisterAccountBody, type VerificationBody } from '@sargs/contracts';
import { LanguageHint, ZodBody } from '@sargs/platform/service';
import { RegistrationService } from './registration.service';

/**
 * docs/api.md "Accounts and sessions": sign-up and verification. (The account half of GET /me comes
 * with the session lookup, internal/sessions/resolve.)
 */
@Controller()
export class AccountsController {
  constructor(private readonly registration: RegistrationService) {}

  @Post('accounts')
  @HttpCode(202)
  async register(@ZodBody(registerAccountBody) body: RegisterAccountBody, @LanguageHint() language: Language | undefined) {
    await this.registration.register(body, language);
    return ACCEPTED;
  }

  @Post('accounts/verification')
  @HttpCode(204)
  async verify(@ZodBody(verificationBody) body: VerificationBody): Promise<void> {
    await this.registration.verify(body.token);
  }

  @Post('accounts/verification/resend')
  @HttpCode(202)
  async resend(@ZodBody(emailOnlyBody) body: EmailOnlyBody) {
    await this.registration.resendVerification(body.email);
    return ACCEPTED;
  }
}
