import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { normaliseEmail, SuspiciousLoginDetected } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { AuditRecorder, InvalidInputError, NotSignedInError, SERVICE_CONFIG, TooManyAttemptsError } from '@sargs/platform/service';
import { AccountRepository } from '../accounts/account.repository';
import type { AppConfig } from '../config/app-config';
import { PasswordHasher } from '../credentials/password-hasher.service';
import { ThrottleService, type FailurePolicy, type ThrottleBudget, type ThrottleScope } from '../throttling/throttle.service';
import { MailQuotaService } from '../accounts/mail-quota.service';
import { clientKey } from '@sargs/platform/auth-assertion';
import { SessionsService, type CreatedSession } from './sessions.service';

/** The one answer to every failed login: wrong password, unknown address, unverified or closed. */
export const LOGIN_FAILED = 'The e-mail address or password is not correct, or the address is not verified yet';

export function throttled(retryAfterMs: number): TooManyAttemptsError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new TooManyAttemptsError(`Too many failed attempts; try again in ${seconds} s`, seconds);
}

/**
 * Password checks with brute-force protection. Each (account, client) pair has its own budget, and
 * each client one across accounts; an attempt is taken from both before the password is checked,
 * atomically, so a burst of parallel guesses gets no more checks than a patient one. Past the free
 * attempts each failure doubles a backoff during which the answer is 429 without checking. The
 * account's failures from every client are counted only to warn its owner: a lock keyed by the
 * account alone would let anyone keep its owner out.
 */
@Injectable()
export class LoginService {
  private readonly pairPolicy: FailurePolicy;
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
    private readonly mailQuota: MailQuotaService,
  ) {
    const backoff = { backoffBaseMs: config.LOGIN_BACKOFF_BASE_MS, backoffMaxMs: config.LOGIN_BACKOFF_MAX_MS, windowMs: config.LOGIN_FAILURE_WINDOW_MS };
    this.pairPolicy = { freeAttempts: config.LOGIN_FREE_ATTEMPTS_PER_ACCOUNT, ...backoff };
    this.clientPolicy = { freeAttempts: config.LOGIN_FREE_ATTEMPTS_PER_CLIENT, ...backoff };
  }

  async login(
    rawEmail: string,
    password: string,
    clientAddress: string | undefined,
    userAgent: string | undefined,
    replaces?: { accountId: string; sessionId: string },
  ): Promise<CreatedSession> {
    const email = normaliseEmail(rawEmail);
    // The gateway's unit: an IPv4 address or an IPv6 /64.
    const client = clientKey(clientAddress ?? 'unknown');
    const pair = this.budget('login-pair', `${email}\u0000${client}`, this.pairPolicy);
    const byClient = this.budget('login-client', client, this.clientPolicy);
    const waitMs = await this.throttle.reserve([pair, byClient]);
    if (waitMs > 0) throw throttled(waitMs);

    const account = await this.accounts.credentialsByEmail(email);
    // Unknown addresses are checked against a dummy hash: same work, same time. A failure keeps
    // the attempts reserved above; that is all it costs the pair and the client.
    if (!(await this.hasher.verify(account?.password_hash ?? null, password))) {
      // Counted for unknown addresses too: the same statement either way, so no timing tells.
      const failures = await this.countAgainstAccount(email);
      if (account?.status === 'active' && account.email_verified_at !== null) await this.warnOwner(account.id, email, failures);
      throw new NotSignedInError(LOGIN_FAILED);
    }
    // (A verified password implies an account: the dummy hash matches nothing.)
    if (!account || account.status !== 'active' || account.email_verified_at === null) throw new NotSignedInError(LOGIN_FAILED);

    await this.throttle.settle([pair.key, this.accountKey(email)], byClient);
    if (this.hasher.needsRehash(account.password_hash)) {
      // The configured cost was raised since this hash was made: upgrade it while we have the password.
      await this.accounts.rehash(account.id, account.password_hash, await this.hasher.hash(password));
    }
    // One INSERT is atomic on its own: no transaction round trips on the login path. The second
    // factor was read with the credentials, a hash's time ago: a factor switched on meanwhile is
    // asked from the next login on, as it would be for one switched on just after this INSERT.
    const created = await this.sessions.create(this.dataSource.manager, account.id, userAgent, account.secondFactor ? 'pending' : 'none');
    // The browser's old cookie is overwritten by the new one; its session must not live on unseen.
    if (replaces) await this.sessions.revoke(replaces.accountId, replaces.sessionId);
    return created;
  }

  /**
   * Re-entry of the current password for a sensitive change (password change, closure): the
   * session's own budget, reserved like a login's, and a wrong password answers 422 on `field`
   * (docs/api.md).
   */
  async confirmPassword(accountId: string, password: string, field: string): Promise<{ email: string; name: string; passwordHash: string }> {
    const account = await this.accounts.activeCredentials(accountId);
    if (!account) throw new NotSignedInError('The session is no longer valid');
    const reauth = this.budget('reauth-account', accountId, this.pairPolicy);
    const waitMs = await this.throttle.reserve([reauth]);
    if (waitMs > 0) throw throttled(waitMs);
    if (!(await this.hasher.verify(account.password_hash, password))) {
      await this.warnOwner(accountId, account.email, await this.countAgainstAccount(account.email));
      throw new InvalidInputError('The password is not correct', [{ field, message: 'is not correct' }]);
    }
    await this.throttle.forget(reauth.key);
    return { email: account.email, name: account.name, passwordHash: account.password_hash };
  }

  /** Second-factor codes: one budget per account, with the password's policy (six digits need it). */
  codeBudget(accountId: string): ThrottleBudget {
    return this.budget('mfa-account', accountId, this.pairPolicy);
  }

  /** Takes one attempt from the account's code budget before a second factor is checked; 429 past it. */
  async reserveCodeAttempt(accountId: string, manager?: EntityManager): Promise<ThrottleBudget> {
    const budget = this.codeBudget(accountId);
    const waitMs = await this.throttle.reserve([budget], manager);
    if (waitMs > 0) throw throttled(waitMs);
    return budget;
  }

  /**
   * Takes one attempt from the client's login budget (the one password logins use) before a login
   * without a password is checked; 429 past it. Refund it when the login succeeds.
   */
  async reserveClientLoginAttempt(clientAddress: string | undefined): Promise<ThrottleBudget> {
    const byClient = this.budget('login-client', clientKey(clientAddress ?? 'unknown'), this.clientPolicy);
    const waitMs = await this.throttle.reserve([byClient]);
    if (waitMs > 0) throw throttled(waitMs);
    return byClient;
  }

  private budget(scope: ThrottleScope, value: string, policy: FailurePolicy): ThrottleBudget {
    return { scope, key: this.throttle.key(scope, value), policy };
  }

  private accountKey(email: string): Buffer {
    return this.throttle.key('login-account', email);
  }

  /** A wrong password for this address, from any client: the failures in this run. */
  private countAgainstAccount(email: string): Promise<number> {
    return this.throttle.recordFailure(this.budget('login-account', email, this.pairPolicy));
  }

  /**
   * The failure that first passes the free attempts in a run tells an active account's owner (a
   * security mail, within the per-address mail quota, so failures cannot flood the inbox) and
   * enters the audit trail (no actor: the system noticed). The caller's answer does not change.
   */
  private async warnOwner(accountId: string, email: string, failures: number): Promise<void> {
    if (failures !== this.pairPolicy.freeAttempts + 1) return;
    await this.dataSource.transaction(async (manager) => {
      if (await this.mailQuota.allow(manager, email)) {
        await this.publisher.publish(manager, SuspiciousLoginDetected, accountId, { accountId, failedAttempts: failures, detectedAt: new Date().toISOString() });
      }
      await this.audit.record(manager, { action: 'login.locked-out', actorId: null, subject: accountId });
    });
  }
}
