import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { normaliseEmail, SuspiciousLoginDetected } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { AuditRecorder, InvalidInputError, NotSignedInError, SERVICE_CONFIG, TooManyAttemptsError } from '@sargs/platform/service';
import { AccountRepository } from '../accounts/account.repository';
import type { AppConfig } from '../config/app-config';
import { PasswordHasher } from '../credentials/password-hasher.service';
import { ThrottleService, type FailurePolicy } from '../throttling/throttle.service';
import { SessionsService, type CreatedSession } from './sessions.service';

/** The one answer to every failed login: wrong password, unknown address, unverified or closed. */
export const LOGIN_FAILED = 'The e-mail address or password is not correct, or the address is not verified yet';

export function throttled(retryAfterMs: number): TooManyAttemptsError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new TooManyAttemptsError(`Too many failed attempts; try again in ${seconds} s`, seconds);
}

/**
 * Password checks with brute-force protection per account and per client address: past the free
 * attempts each failure doubles a backoff during which the answer is 429 without checking.
 */
@Injectable()
export class LoginService {
  private readonly accountPolicy: FailurePolicy;
  private readonly clientPolicy: FailurePolicy;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    @Inject(SERVICE_CONFIG) config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly throttle: ThrottleService,
    private readonly sessions: SessionsService,
    private readonly publisher: EventPublisher,
    private readonly audit: AuditRecorder,
  ) {
    const backoff = { backoffBaseMs: config.LOGIN_BACKOFF_BASE_MS, backoffMaxMs: config.LOGIN_BACKOFF_MAX_MS, windowMs: config.LOGIN_FAILURE_WINDOW_MS };
    this.accountPolicy = { freeAttempts: config.LOGIN_FREE_ATTEMPTS_PER_ACCOUNT, ...backoff };
    this.clientPolicy = { freeAttempts: config.LOGIN_FREE_ATTEMPTS_PER_CLIENT, ...backoff };
  }

  async login(rawEmail: string, password: string, clientAddress: string | undefined, userAgent: string | undefined): Promise<CreatedSession> {
    const email = normaliseEmail(rawEmail);
    const accountKey = this.throttle.key('login-account', email);
    const clientKey = this.throttle.key('login-client', clientAddress ?? 'unknown');
    const { waitMs, counted } = await this.throttle.inspect([accountKey, clientKey]);
    if (waitMs > 0) throw throttled(waitMs);

    const account = await this.accounts.credentialsByEmail(email);
    // Unknown addresses are checked against a dummy hash: same work, same time.
    if (!(await this.hasher.verify(account?.password_hash ?? null, password))) {
      const [accountFailures] = await Promise.all([
        this.throttle.recordFailure('login-account', accountKey, this.accountPolicy),
        this.throttle.recordFailure('login-client', clientKey, this.clientPolicy),
      ]);
      if (account?.status === 'active' && account.email_verified_at !== null) await this.warnOwnerOnLockout(account.id, accountFailures);
      throw new NotSignedInError(LOGIN_FAILED);
    }
    // (A verified password implies an account: the dummy hash matches nothing.)
    if (!account || account.status !== 'active' || account.email_verified_at === null) throw new NotSignedInError(LOGIN_FAILED);

    if (counted[0]) await this.throttle.clear(accountKey);
    if (this.hasher.needsRehash(account.password_hash)) {
      // The configured cost was raised since this hash was made: upgrade it while we have the password.
      await this.accounts.rehash(account.id, await this.hasher.hash(password));
    }
    // One INSERT is atomic on its own: no transaction round trips on the login path.
    return this.sessions.create(this.dataSource.manager, account.id, userAgent);
  }

  /**
   * Re-entry of the current password for a sensitive change (password change, closure): the same
   * per-account backoff as login, and a wrong password answers 422 on `field` (docs/api.md).
   */
  async confirmPassword(accountId: string, password: string, field: string): Promise<{ email: string; name: string; passwordHash: string }> {
    const account = await this.accounts.activeCredentials(accountId);
    if (!account) throw new NotSignedInError('The session is no longer valid');
    const accountKey = this.throttle.key('login-account', account.email);
    const { waitMs } = await this.throttle.inspect([accountKey]);
    if (waitMs > 0) throw throttled(waitMs);
    if (!(await this.hasher.verify(account.password_hash, password))) {
      await this.warnOwnerOnLockout(accountId, await this.throttle.recordFailure('login-account', accountKey, this.accountPolicy));
      throw new InvalidInputError('The password is not correct', [{ field, message: 'is not correct' }]);
    }
    return { email: account.email, name: account.name, passwordHash: account.password_hash };
  }

  /**
   * The failure that first locks an active account's login in a run tells its owner (a security
   * mail) and enters the audit trail (no actor: the system locked it). Once per failure window,
   * whoever tries. The answer to the caller does not change.
   */
  private async warnOwnerOnLockout(accountId: string, failures: number): Promise<void> {
    if (failures !== this.accountPolicy.freeAttempts + 1) return;
    await this.dataSource.transaction(async (manager) => {
      await this.publisher.publish(manager, SuspiciousLoginDetected, accountId, { accountId, failedAttempts: failures, detectedAt: new Date().toISOString() });
      await this.audit.record(manager, { action: 'login.locked-out', actorId: null, subject: accountId });
    });
  }
}
