import { Controller, HttpCode, Post } from '@nestjs/common';
import { ACCEPTED, emailChangeBody, emailChangeConfirmBody, type EmailChangeBody, type EmailChangeConfirmBody } from '@sargs/contracts';
import { Account, SessionId, SignedIn, ZodBody } from '@sargs/platform/service';
import { EmailChangeService } from './email-change.service';

/** docs/api.md "Profile and preferences": the e-mail half, which identity owns (docs/profile.md). */
@SignedIn()
@Controller('me/email-change')
export class EmailChangeController {
  constructor(private readonly emailChange: EmailChangeService) {}

  @Post()
  @HttpCode(202)
  async request(@Account() accountId: string, @ZodBody(emailChangeBody) body: EmailChangeBody) {
    await this.emailChange.request(accountId, body);
    return ACCEPTED;
  }

  @Post('confirm')
  @HttpCode(204)
  async confirm(@Account() accountId: string, @SessionId() sessionId: string, @ZodBody(emailChangeConfirmBody) body: EmailChangeConfirmBody): Promise<void> {
    await this.emailChange.confirm(accountId, sessionId, body.token);
  }
}
