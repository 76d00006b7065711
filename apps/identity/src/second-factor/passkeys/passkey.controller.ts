import { Controller, Delete, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  passkeyAssertionBody,
  passkeyRegistrationBody,
  passkeyRemovalBody,
  type PasskeyAssertionBody,
  type PasskeyRegistrationBody,
  type PasskeyRemovalBody,
} from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { Account, IdParam, SessionId, SignedIn, ZodBody } from '@sargs/platform/service';
import type { CreatedSession } from '../../sessions/sessions.service';
import { PasskeyService } from './passkey.service';

const NO_SUCH_PASSKEY = 'No such passkey';

/** Passkeys (docs/api.md "Passkeys"): mine, a login's second step, and a login without a password. */
@Controller()
export class PasskeyController {
  constructor(private readonly passkeys: PasskeyService) {}

  @SignedIn()
  @Get('me/passkeys')
  list(@Account() accountId: string) {
    return this.passkeys.list(accountId);
  }

  @SignedIn()
  @Post('me/passkeys/options')
  @HttpCode(200)
  registrationOptions(@Account() accountId: string, @SessionId() sessionId: string) {
    return this.passkeys.registrationOptions(accountId, sessionId);
  }

  @SignedIn()
  @Post('me/passkeys')
  @HttpCode(201)
  register(@Account() accountId: string, @SessionId() sessionId: string, @ZodBody(passkeyRegistrationBody) body: PasskeyRegistrationBody) {
    return this.passkeys.register(accountId, sessionId, body);
  }

  @SignedIn()
  @Delete('me/passkeys/:id')
  @HttpCode(204)
  async remove(@IdParam('id', NO_SUCH_PASSKEY) id: string, @Account() accountId: string, @ZodBody(passkeyRemovalBody) body: PasskeyRemovalBody): Promise<void> {
    await this.passkeys.remove(accountId, id, body.password);
  }

  /** The gateway lets a pending session reach this (and the answer below), the code step and logout. */
  @SignedIn()
  @Post('sessions/current/mfa/passkey/options')
  @HttpCode(200)
  secondFactorOptions(@Account() accountId: string, @SessionId() sessionId: string) {
    return this.passkeys.secondFactorOptions(accountId, sessionId);
  }

  @SignedIn()
  @Post('sessions/current/mfa/passkey')
  @HttpCode(204)
  async completeLogin(@Account() accountId: string, @SessionId() sessionId: string, @ZodBody(passkeyAssertionBody) body: PasskeyAssertionBody): Promise<void> {
    await this.passkeys.completeLogin(accountId, sessionId, body.challengeId, body.credential);
  }

  @Post('sessions/passkey/options')
  @HttpCode(200)
  loginOptions() {
    return this.passkeys.loginOptions();
  }

  /** The token goes to the gateway, which puts it in the cookie and never in a body (like POST /sessions). */
  @Post('sessions/passkey')
  @HttpCode(200)
  login(@Req() request: Request, @ZodBody(passkeyAssertionBody) body: PasskeyAssertionBody): Promise<CreatedSession> {
    const assertion = (request as RequestWithAssertion).assertion;
    // The session this browser held, if any: a new login replaces it.
    const replaces = assertion?.sub && assertion.sid ? { accountId: assertion.sub, sessionId: assertion.sid } : undefined;
    return this.passkeys.loginWithPasskey(body.challengeId, body.credential, assertion?.cip, request.header('user-agent'), replaces);
  }
}
