import { Controller, HttpCode, Post, Put } from '@nestjs/common';
import { ACCEPTED, changePasswordBody, emailOnlyBody, passwordResetConfirmBody, type ChangePasswordBody, type EmailOnlyBody, type PasswordResetConfirmBody } from '@sargs/contracts';
import { Account, SessionId, SignedIn, ZodBody } from '@sargs/platform/service';
import { MailRequests } from '../mail-requests/mail-requests.service';
import { PasswordChangeService } from './password-change.service';

/** docs/api.md "Accounts and sessions": my password, and a forgotten one reset by mail. */
@Controller()
export class PasswordsController {
  constructor(
    private readonly passwords: PasswordChangeService,
    private readonly mailRequests: MailRequests,
  ) {}

  @SignedIn()
  @Put('me/password')
  @HttpCode(204)
  async change(@Account() accountId: string, @SessionId() sessionId: string, @ZodBody(changePasswordBody) body: ChangePasswordBody): Promise<void> {
    await this.passwords.change(accountId, sessionId, body);
  }

  /** Queued for the mail request worker: the same answer and the same work whether or not the address has an account. */
  @Post('password-resets')
  @HttpCode(202)
  async requestReset(@ZodBody(emailOnlyBody) body: EmailOnlyBody) {
    await this.mailRequests.requestReset(body.email);
    return ACCEPTED;
  }

  @Post('password-resets/confirm')
  @HttpCode(204)
  async confirmReset(@ZodBody(passwordResetConfirmBody) body: PasswordResetConfirmBody): Promise<void> {
    await this.passwords.confirmReset(body);
  }
}
