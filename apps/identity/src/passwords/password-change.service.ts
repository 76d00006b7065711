import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PasswordChanged, type ChangePasswordBody, type PasswordResetConfirmBody } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { AuditRecorder, InvalidTokenError } from '@sargs/platform/service';
import { AccountLedger } from '../accounts/account-ledger';
import { AccountRepository } from '../accounts/account.repository';
import { INVALID_TOKEN } from '../accounts/registration.service';
import { LoginService } from '../sessions/login.service';
import { SessionsService } from '../sessions/sessions.service';
import { ThrottleService } from '../throttling/throttle.service';
import { AccountTokensService } from '../tokens/account-tokens.service';
import { PasswordHasher } from '../credentials/password-hasher.service';
import { passwordProblem, weakPassword } from '../credentials/password-policy';

/** Password change (R5) and reset (R6); both revoke sessions as docs/api.md says. */
@Injectable()
export class PasswordChangeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly publisher: EventPublisher,
    private readonly hasher: PasswordHasher,
    private readonly login: LoginService,
    private readonly sessions: SessionsService,
    private readonly tokens: AccountTokensService,
    private readonly throttle: ThrottleService,
    private readonly audit: AuditRecorder,
    private readonly ledger: AccountLedger,
  ) {}

  /** Changes the password after re-entry of the current one; every other session is revoked. */
  async change(accountId: string, sessionId: string, input: ChangePasswordBody): Promise<void> {
    const account = await this.login.confirmPassword(accountId, input.currentPassword, 'currentPassword');
    const weakness = passwordProblem(input.newPassword, account);
    if (weakness) throw weakPassword('newPassword', weakness);
    if (await this.hasher.verify(account.passwordHash, input.newPassword)) throw weakPassword('newPassword', 'must differ from the current password');
    const hash = await this.hasher.hash(input.newPassword);
    await this.dataSource.transaction(async (manager) => {
      await this.store(manager, accountId, hash, 'change');
      await this.sessions.revokeAll(manager, accountId, sessionId);
      // A reset or address-change link mailed before the change must not outlive it.
      await this.tokens.retireAll(manager, accountId);
    });
  }

  /**
   * Sets a new password with a reset token and revokes every session. A weak password leaves the
   * token unused (the transaction rolls back), so the person can try again with the same link.
   */
  async confirmReset(input: PasswordResetConfirmBody): Promise<void> {
    // A bad token is refused before the costly hash: no free argon2 work for anyone with a guess.
    if (!(await this.tokens.isUsable(this.dataSource.manager, 'reset-password', input.token))) throw new InvalidTokenError(INVALID_TOKEN);
    const hash = await this.hasher.hash(input.newPassword);
    await this.dataSource.transaction(async (manager) => {
      const accountId = await this.tokens.consume(manager, 'reset-password', input.token);
      const account = accountId ? await this.accounts.lockActive(manager, accountId) : undefined;
      if (!accountId || !account) throw new InvalidTokenError(INVALID_TOKEN);
      const weakness = passwordProblem(input.newPassword, account);
      if (weakness) throw weakPassword('newPassword', weakness);
      // The link proved the address, so a reset also verifies it.
      await this.accounts.verifyEmail(manager, accountId);
      await this.store(manager, accountId, hash, 'reset');
      await this.sessions.revokeAll(manager, accountId);
      await this.tokens.retireAll(manager, accountId);
      await this.throttle.forget(this.throttle.key('login-account', account.email));
      // A security event in the trail: the person, proven by the mailed link, acted on their own account.
      await this.audit.record(manager, { action: 'password.reset-completed', actorId: accountId, subject: accountId });
    });
  }

  private async store(manager: EntityManager, accountId: string, hash: string, via: 'change' | 'reset'): Promise<void> {
    const changedAt = await this.accounts.setPassword(manager, accountId, hash);
    await this.publisher.publish(manager, PasswordChanged, accountId, { accountId, via, changedAt: changedAt.toISOString() });
    await this.ledger.credentialsChanged(manager, accountId, via === 'reset' ? 'password-reset' : 'password-changed', changedAt);
  }
}
