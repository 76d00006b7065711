import { Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { mfaCodeBody, totpRemovalBody, type MfaCodeBody, type TotpRemovalBody } from '@sargs/contracts';
import { Account, SessionId, SignedIn, ZodBody } from '@sargs/platform/service';
import { SecondFactorService } from './second-factor.service';

/** The second factor (docs/api.md): the authenticator app and the login's second step. */
@Controller()
@SignedIn()
export class SecondFactorController {
  constructor(private readonly factors: SecondFactorService) {}

  @Post('me/mfa/totp')
  @HttpCode(201)
  startTotp(@Account() accountId: string) {
    return this.factors.startTotp(accountId);
  }

  @Post('me/mfa/totp/confirm')
  @HttpCode(200)
  confirmTotp(@Account() accountId: string, @SessionId() sessionId: string, @ZodBody(mfaCodeBody) body: MfaCodeBody) {
    return this.factors.confirmTotp(accountId, sessionId, body.code);
  }

  @Delete('me/mfa/totp')
  @HttpCode(204)
  async removeTotp(@Account() accountId: string, @ZodBody(totpRemovalBody) body: TotpRemovalBody): Promise<void> {
    await this.factors.removeTotp(accountId, body.password, body.code);
  }

  /** The gateway lets a pending session reach only this and logout. */
  @Post('sessions/current/mfa')
  @HttpCode(204)
  async completeLogin(@Account() accountId: string, @SessionId() sessionId: string, @ZodBody(mfaCodeBody) body: MfaCodeBody): Promise<void> {
    await this.factors.completeLogin(accountId, sessionId, body.code);
  }
}
