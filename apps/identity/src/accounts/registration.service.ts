import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AccountEmailVerified,
  AccountRegistered,
  EmailVerificationRequested,
  ExistingAccountRegistrationAttempted,
  type Language,
  type RegisterAccountBody,
} from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { InvalidInputError, InvalidTokenError, SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { PasswordHasher } from '../credentials/password-hasher.service';
import { passwordProblem, weakPassword } from '../credentials/password-policy';
import { CurrentPolicyService } from '../policies/current-policy.service';
import { AccountTokensService } from '../tokens/account-tokens.service';
import { MailQuotaService } from './mail-quota.service';

export const INVALID_TOKEN = 'The link is invalid, already used or expired';

/** Sign-up and address verification (R1, R16). */
@Injectable()
export class RegistrationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly publisher: EventPublisher,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccountTokensService,
    private readonly policies: CurrentPolicyService,
    private readonly mailQuota: MailQuotaService,
  ) {}

  /**
   * Answers the same whether or not the address is taken: a taken address's owner gets a notice
   * instead of a second account. The password is hashed either way, so both take as long.
   */
  async register(input: RegisterAccountBody, hint: Language | undefined): Promise<void> {
    const weakness = passwordProblem(input.password, { email: input.email, name: input.name });
    if (weakness) throw weakPassword('password', weakness);
    const current = await this.policies.currentVersion();
    if (current === null || current !== input.acceptedPolicyVersion) {
      throw new InvalidInputError('The accepted policy version is not the one in force', [
        { field: 'acceptedPolicyVersion', message: 'must be the current privacy policy version' },
      ]);
    }
    const passwordHash = await this.hasher.hash(input.password);
    const language = input.language ?? hint ?? 'en';
    await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const id = randomUUID();
      // ON CONFLICT rather than a lookup first: two sign-ups racing for one address cannot both win.
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO account (id, email, name, password_hash, language, roles, status, password_changed_at, created_at)
         VALUES ($1, $2, $3, $4, $5, '{user}', 'active', $6, $6)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [id, input.email, input.name, passwordHash, language, now],
      );
      if (inserted.length === 0) return this.noticeExistingOwner(manager, input.email, now);
      await this.publisher.publish(manager, AccountRegistered, id, {
        accountId: id,
        email: input.email,
        name: input.name,
        language,
        acceptedPolicyVersion: input.acceptedPolicyVersion,
        marketingEmails: input.marketingEmails ?? false,
        registeredAt: now.toISOString(),
      });
      if (await this.mailQuota.allow(manager, input.email)) await this.requestVerification(manager, id, input.email, language);
    });
  }

  async verify(token: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const accountId = await this.tokens.consume(manager, 'verify-email', token);
      const verified: [{ email_verified_at: Date }[], number] | null = accountId
        ? await manager.query(
            `UPDATE account SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1 AND status = 'active' RETURNING email_verified_at`,
            [accountId],
          )
        : null;
      if (!accountId || !verified || verified[1] === 0) throw new InvalidTokenError(INVALID_TOKEN);
      await this.publisher.publish(manager, AccountEmailVerified, accountId, {
        accountId,
        verifiedAt: verified[0][0].email_verified_at.toISOString(),
      });
    });
  }

  /** A new link for an unverified account; silently nothing for any other address. */
  async resendVerification(email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rows: { id: string; language: Language }[] = await manager.query(
        `SELECT id, language FROM account WHERE email = $1 AND status = 'active' AND email_verified_at IS NULL FOR UPDATE`,
        [email],
      );
      const account = rows[0];
      if (account && (await this.mailQuota.allow(manager, email))) await this.requestVerification(manager, account.id, email, account.language);
    });
  }

  private async requestVerification(manager: EntityManager, accountId: string, email: string, language: Language): Promise<void> {
    const sealed = await this.tokens.issue(manager, accountId, 'verify-email', this.config.VERIFICATION_TOKEN_TTL_MS, EmailVerificationRequested.type);
    await this.publisher.publish(manager, EmailVerificationRequested, accountId, { accountId, email, language, ...sealed });
  }

  private async noticeExistingOwner(manager: EntityManager, email: string, now: Date): Promise<void> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM account WHERE email = $1 AND status = 'active'`, [email]);
    // A closed account gets no mail of any kind (R13).
    if (!rows[0] || !(await this.mailQuota.allow(manager, email))) return;
    await this.publisher.publish(manager, ExistingAccountRegistrationAttempted, rows[0].id, { accountId: rows[0].id, attemptedAt: now.toISOString() });
  }
}
