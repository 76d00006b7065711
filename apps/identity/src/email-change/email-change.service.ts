import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccountEmailChanged, EmailChangeRequested, type EmailChangeBody } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { ConflictError, InvalidInputError, InvalidTokenError, NotSignedInError, SERVICE_CONFIG } from '@sargs/platform/service';
import { AccountLedger } from '../accounts/account-ledger';
import { AccountRepository } from '../accounts/account.repository';
import { MailQuotaService } from '../accounts/mail-quota.service';
import { INVALID_TOKEN } from '../accounts/registration.service';
import type { AppConfig } from '../config/app-config';
import { LoginService } from '../sessions/login.service';
import { SessionsService } from '../sessions/sessions.service';
import { AccountTokensService } from '../tokens/account-tokens.service';

export const ADDRESS_NO_LONGER_FREE = 'The new address has been registered to another account meanwhile; nothing was changed';

/** PostgreSQL's unique_violation, as TypeORM's QueryFailedError carries it. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.driverError?.code === '23505' || e?.code === '23505';
}

const addressTaken = () => new ConflictError(ADDRESS_NO_LONGER_FREE);

/**
 * E-mail change with re-verification (R10, docs/profile.md). The request proves the password and
 * mails a token to the new address; the address changes only when that token comes back, in the
 * same person's session, and only if the address is still free.
 */
@Injectable()
export class EmailChangeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly publisher: EventPublisher,
    private readonly login: LoginService,
    private readonly sessions: SessionsService,
    private readonly tokens: AccountTokensService,
    private readonly mailQuota: MailQuotaService,
    private readonly ledger: AccountLedger,
  ) {}

  /**
   * The same 202 whether the new address is free or taken: a taken address gets no token and its
   * owner no notice, and nothing is stored. Over the recipient's mail quota, nothing is sent either.
   */
  async request(accountId: string, input: EmailChangeBody): Promise<void> {
    const account = await this.login.confirmPassword(accountId, input.password, 'password');
    if (input.newEmail === account.email) {
      throw new InvalidInputError('The request is not valid', [{ field: 'newEmail', message: 'is already the address of this account' }]);
    }
    await this.dataSource.transaction(async (manager) => {
      const current = await this.accounts.lockActive(manager, accountId);
      if (!current) throw new NotSignedInError('The session is no longer valid');
      if ((await this.accounts.emailTaken(manager, input.newEmail)) || !(await this.mailQuota.allow(manager, input.newEmail))) return;
      // Only the newest link works: issuing retires any earlier change token of this account.
      const sealed = await this.tokens.issue(manager, accountId, 'change-email', this.config.VERIFICATION_TOKEN_TTL_MS, EmailChangeRequested.type, input.newEmail);
      await this.publisher.publish(manager, EmailChangeRequested, accountId, { accountId, newEmail: input.newEmail, language: current.language, ...sealed });
    });
  }

  /**
   * Confirms with the mailed token, in the session of the account that asked (another account's
   * token is 400 and stays usable for its owner). A token whose address was taken meanwhile is used
   * up and answers 409; so does losing a race for the address (the unique index decides, never a 500).
   * Pending mailed tokens (a reset link sent to the old address above all) stop working, and every
   * other session of the account ends: whoever else was signed in proved only the old address.
   */
  async confirm(accountId: string, sessionId: string, token: string): Promise<void> {
    let outcome: 'changed' | 'taken';
    try {
      outcome = await this.dataSource.transaction(async (manager) => {
        const newEmail = await this.tokens.consumeEmailChange(manager, accountId, token);
        if (!newEmail) throw new InvalidTokenError(INVALID_TOKEN);
        if (await this.accounts.emailTaken(manager, newEmail)) return 'taken';
        const changedAt = await this.accounts.changeEmail(manager, accountId, newEmail);
        if (!changedAt) throw new InvalidTokenError(INVALID_TOKEN);
        await this.tokens.retireAll(manager, accountId);
        await this.sessions.revokeAll(manager, accountId, sessionId);
        await this.publisher.publish(manager, AccountEmailChanged, accountId, {
          accountId,
          email: newEmail,
          changedAt: changedAt.toISOString(),
        });
        await this.ledger.credentialsChanged(manager, accountId, 'email-changed', changedAt);
        return 'changed';
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw addressTaken();
      throw err;
    }
    if (outcome === 'taken') throw addressTaken();
  }
}
