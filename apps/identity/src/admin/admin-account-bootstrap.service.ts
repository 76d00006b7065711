import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AccountRegistered, emailField } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { AccountRepository } from '../accounts/account.repository';
import type { AppConfig } from '../config/app-config';
import { PasswordHasher } from '../credentials/password-hasher.service';
import { KnownPolicyRepository } from '../policies/known-policy.repository';
import { SecondFactorService } from '../second-factor/second-factor.service';
import { SERVICE_CONFIG } from '@sargs/platform/service';

/** Recorded as the accepted policy when the first staff account exists before any policy does. */
export const NO_POLICY_YET = 'none';

/**
 * SARGS_ADMIN_EMAIL / SARGS_ADMIN_PASSWORD (docs/api.md): a verified account with roles admin and dpo,
 * created if absent; an existing account keeps its password (it may have been changed since) and
 * gets the roles only if it is active and verified.
 * Idempotent and safe with several instances starting at once.
 */
@Injectable()
export class AdminAccountBootstrap implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly publisher: EventPublisher,
    private readonly hasher: PasswordHasher,
    private readonly policies: KnownPolicyRepository,
    private readonly secondFactors: SecondFactorService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { SARGS_ADMIN_EMAIL: rawEmail, SARGS_ADMIN_PASSWORD: password, SARGS_ADMIN_NAME: name } = this.config;
    if (!rawEmail || !password) return;
    // The config schema already refused a bad address or a weak password (app-config.ts).
    const email = emailField.parse(rawEmail);
    const hash = await this.hasher.hash(password);
    const policy = (await this.policies.currentVersion()) ?? NO_POLICY_YET;
    await this.dataSource.transaction(async (manager) => {
      const id = randomUUID();
      const now = new Date();
      const inserted = await this.accounts.insert(manager, { id, email, name, passwordHash: hash, language: 'en', roles: ['user', 'admin', 'dpo'], verifiedAt: now, createdAt: now });
      if (!inserted) {
        // Someone may have signed up with this address first, with a password of their choosing:
        // only an account whose owner proved the address becomes staff.
        if (!(await this.accounts.addRolesToVerified(manager, email, ['admin', 'dpo']))) {
          this.logger.error('SARGS_ADMIN_EMAIL belongs to an account that is not verified or not active: it was not made staff. Verify it (or reset its password) through the mailed link, then restart identity.');
          return;
        }
        const existing = await this.accounts.activeIdByEmail(manager, email);
        if (existing) await this.configureTotp(manager, existing);
        return;
      }
      await this.configureTotp(manager, id);
      await this.publisher.publish(manager, AccountRegistered, id, {
        accountId: id,
        email: email,
        name,
        language: 'en',
        acceptedPolicyVersion: policy,
        marketingEmails: false,
        registeredAt: now.toISOString(),
      });
      this.logger.info({ accountId: id }, 'created the staff account from SARGS_ADMIN_EMAIL');
    });
  }

  /** SARGS_ADMIN_TOTP_SECRET: the staff account's authenticator app, set at every start (the configuration wins). */
  private async configureTotp(manager: EntityManager, accountId: string): Promise<void> {
    if (this.config.SARGS_ADMIN_TOTP_SECRET) await this.secondFactors.setConfiguredTotp(manager, accountId, this.config.SARGS_ADMIN_TOTP_SECRET);
  }
}
