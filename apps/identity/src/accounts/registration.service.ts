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
import { KnownPolicyRepository } from '../policies/known-policy.repository';
import { AccountTokensService } from '../tokens/account-tokens.service';
import { AccountRepository } from './account.repository';
import { MailQuotaService } from './mail-quota.service';

export const INVALID_TOKEN = 'The link is invalid, already used or expired';

/** Sign-up and address verification (R1, R16). */
@Injectable()
export class RegistrationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly publisher: EventPublisher,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccountTokensService,
    private readonly policies: KnownPolicyRepository,
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
      const inserted = await this.accounts.insert(manager, { id, email: input.email, name: input.name, passwordHash, language, roles: ['user'], verifiedAt: null, createdAt: now });
      if (!inserted) return this.noticeExistingOwner(manager, input.email, now);
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
      const verifiedAt = accountId ? await this.accounts.markVerified(manager, accountId) : undefined;
      if (!accountId || !verifiedAt) throw new InvalidTokenError(INVALID_TOKEN);
      await this.publisher.publish(manager, AccountEmailVerified, accountId, { accountId, verifiedAt: verifiedAt.toISOString() });
    });
  }

  /** A new link for an unverified account; silently nothing for any other address. */
  async resendVerification(email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const account = await this.accounts.lockActiveByEmail(manager, email, { unverifiedOnly: true });
      if (account && (await this.mailQuota.allow(manager, email))) await this.requestVerification(manager, account.id, email, account.language);
    });
  }

  private async requestVerification(manager: EntityManager, accountId: string, email: string, language: Language): Promise<void> {
    const sealed = await this.tokens.issue(manager, accountId, 'verify-email', this.config.VERIFICATION_TOKEN_TTL_MS, EmailVerificationRequested.type);
    await this.publisher.publish(manager, EmailVerificationRequested, accountId, { accountId, email, language, ...sealed });
  }

  private async noticeExistingOwner(manager: EntityManager, email: string, now: Date): Promise<void> {
    const accountId = await this.accounts.activeIdByEmail(manager, email);
    // A closed account gets no mail of any kind (R13).
    if (!accountId || !(await this.mailQuota.allow(manager, email))) return;
    await this.publisher.publish(manager, ExistingAccountRegistrationAttempted, accountId, { accountId, attemptedAt: now.toISOString() });
  }
}
