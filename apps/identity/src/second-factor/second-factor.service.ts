import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError, NotSignedInError, SERVICE_CONFIG } from '@sargs/platform/service';
import { AccountRepository } from '../accounts/account.repository';
import type { AppConfig } from '../config/app-config';
import { LoginService } from '../sessions/login.service';
import { SessionsService } from '../sessions/sessions.service';
import { ThrottleService } from '../throttling/throttle.service';
import { normaliseRecoveryCode, recoveryCodeHash } from './recovery-codes';
import { SecondFactorChanges } from './second-factor-changes';
import { SecondFactorRepository } from './second-factor.repository';
import { base32Decode, base32Encode, matchTotp, otpauthUri, SecretSealer } from '@sargs/platform/secrets';

const WRONG_CODE = 'The code is not correct';

/** The AAD of an account's sealed TOTP secret: a sealed secret copied to another account does not open. */
const totpContext = (accountId: string) => `totp-secret:${accountId}`;

type CheckedCode = { method: 'totp'; step: number } | { method: 'recovery-code'; hash: Buffer };

/**
 * Authenticator apps (RFC 6238) and recovery codes: enrolment, removal, and the login step.
 * Wrong codes are throttled per account like passwords (a reservation before the check, backoff
 * past the free attempts): six digits are guessable only at the rate the backoff allows.
 */
@Injectable()
export class SecondFactorService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly factors: SecondFactorRepository,
    private readonly sessions: SessionsService,
    private readonly accounts: AccountRepository,
    private readonly sealer: SecretSealer,
    private readonly throttle: ThrottleService,
    private readonly login: LoginService,
    private readonly changes: SecondFactorChanges,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new secret for the owner's app; nothing changes for logins until it is confirmed. */
  async startTotp(accountId: string): Promise<{ secret: string; otpauthUri: string }> {
    const account = await this.accounts.activeCredentials(accountId);
    if (!account) throw new NotSignedInError('The session is no longer valid');
    const secret = base32Encode(randomBytes(20));
    if (!(await this.factors.startTotp(accountId, this.sealer.seal(secret, totpContext(accountId))))) {
      throw new ConflictError('An authenticator app is already set up; remove it first');
    }
    return { secret, otpauthUri: otpauthUri(secret, this.config.TOTP_ISSUER, account.email) };
  }

  /** The bootstrap staff account's app, from SARGS_ADMIN_TOTP_SECRET (base32): on at once, no recovery codes. */
  async setConfiguredTotp(manager: EntityManager, accountId: string, secretBase32: string): Promise<void> {
    await this.factors.setConfirmedTotp(manager, accountId, this.sealer.seal(secretBase32, totpContext(accountId)));
  }

  /** The first code turns the app on: ten recovery codes, this session counts as having given the factor. */
  async confirmTotp(accountId: string, sessionId: string, code: string): Promise<{ recoveryCodes: string[] }> {
    const totp = await this.factors.totp(accountId);
    if (!totp || totp.confirmed) throw new ConflictError('Nothing to confirm: start setting up the authenticator app first');
    const budget = await this.login.reserveCodeAttempt(accountId);
    const step = matchTotp(this.openSecret(accountId, totp.secret), code.trim(), Date.now(), totp.lastUsedStep);
    const recoveryCodes =
      step !== undefined &&
      (await this.dataSource.transaction(async (manager) => {
        if (!(await this.factors.useTotpStep(manager, accountId, step, true))) return undefined;
        const codes = await this.changes.issueRecoveryCodes(manager, accountId);
        await this.sessions.completeSecondFactor(manager, accountId, sessionId);
        await this.changes.record(manager, accountId, 'totp', 'added');
        return codes;
      }));
    if (!recoveryCodes) throw wrongCode('code');
    await this.throttle.forget(budget.key);
    return { recoveryCodes };
  }

  /** Removal needs the password and a code (or a recovery code, for a lost phone). */
  async removeTotp(accountId: string, password: string, code: string): Promise<void> {
    await this.login.confirmPassword(accountId, password, 'password');
    const totp = await this.factors.totp(accountId);
    if (!totp?.confirmed) throw new NotFoundError('No authenticator app is set up');
    const removed = await this.withCode(accountId, totp, code, async (manager) => {
      await this.factors.removeTotp(manager, accountId);
      // Recovery codes stand in for the app, and for passkeys: they stay while a passkey remains.
      await this.changes.dropRecoveryCodesIfLast(manager, accountId);
      await this.changes.record(manager, accountId, 'totp', 'removed');
    });
    if (!removed) throw wrongCode('code');
  }

  /** The login's second step: a pending session given a right code becomes complete. */
  async completeLogin(accountId: string, sessionId: string, code: string): Promise<void> {
    // One read for both: where the session stands, and the app (a login's hot path).
    const { session, totp } = await this.factors.loginStep(accountId, sessionId);
    if (session !== 'pending') throw new ConflictError('This session does not wait for a second factor');
    const completed = await this.withCode(accountId, totp?.confirmed ? totp : undefined, code, async (manager) => {
      if (!(await this.sessions.completeSecondFactor(manager, accountId, sessionId))) {
        throw new NotSignedInError('The session is no longer valid');
      }
    });
    if (!completed) throw wrongCode('code');
  }

  /**
   * Checks a code under the account's budget and, when right, spends it (a TOTP step or a
   * recovery code, once) and runs `then` in the same transaction; false when wrong.
   */
  private withCode(accountId: string, totp: Awaited<ReturnType<SecondFactorRepository['totp']>>, code: string, then: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    // One transaction, one commit: the attempt is reserved first (its counter row stays locked, so
    // parallel guesses queue here), the code checked (an HMAC, no I/O), and on success spent and
    // the run forgotten. A wrong code commits the reservation alone.
    return this.dataSource.transaction(async (manager) => {
      const budget = await this.login.reserveCodeAttempt(accountId, manager);
      const checked = this.check(accountId, totp, code);
      if (!checked) return false;
      if (checked.method === 'totp') {
        if (!(await this.factors.useTotpStep(manager, accountId, checked.step, false))) return false;
      } else {
        const remaining = await this.factors.useRecoveryCode(manager, accountId, checked.hash);
        if (remaining === undefined) return false;
        await this.changes.record(manager, accountId, 'recovery-code', 'used', remaining);
      }
      await then(manager);
      await this.throttle.forgetWith(manager, budget.key);
      return true;
    });
  }

  private check(accountId: string, totp: Awaited<ReturnType<SecondFactorRepository['totp']>>, code: string): CheckedCode | undefined {
    const trimmed = code.replace(/\s/gu, '');
    if (/^\d{6}$/u.test(trimmed)) {
      if (!totp) return undefined;
      const step = matchTotp(this.openSecret(accountId, totp.secret), trimmed, Date.now(), totp.lastUsedStep);
      return step === undefined ? undefined : { method: 'totp', step };
    }
    const recovery = normaliseRecoveryCode(code);
    return recovery ? { method: 'recovery-code', hash: recoveryCodeHash(recovery) } : undefined;
  }

  private openSecret(accountId: string, sealed: Parameters<SecretSealer['open']>[0]): Buffer {
    const secret = base32Decode(this.sealer.open(sealed, totpContext(accountId)));
    if (!secret) throw new Error('stored TOTP secret is not base32');
    return secret;
  }
}

function wrongCode(field: string): InvalidInputError {
  return new InvalidInputError(WRONG_CODE, [{ field, message: 'is not correct' }]);
}
