import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccountRegistered, EventFrom, Language, ProfileChanged } from '@sargs/contracts';
import { PolicyRepository } from '../policies/policy.repository';
import { ConsentLedgerRepository } from './consent-ledger.repository';
import { ConsentLedgerService } from './consent-ledger.service';
import { PendingSignupRepository } from './pending-signup.repository';

type Registration = EventFrom<typeof AccountRegistered>['payload'];

/**
 * What consent learns from identity and profile: the account (and its language, whose policy text
 * a choice refers to), the policy version accepted at sign-up, and the marketing choice made there.
 */
@Injectable()
export class SignupConsentService {
  constructor(
    private readonly ledger: ConsentLedgerService,
    private readonly records: ConsentLedgerRepository,
    private readonly pending: PendingSignupRepository,
    private readonly policies: PolicyRepository,
  ) {}

  async recordSignup(manager: EntityManager, signup: Registration): Promise<void> {
    const registeredAt = new Date(signup.registeredAt);
    await this.records.recordRegistration(manager, signup.accountId, signup.language, registeredAt);
    const recorded = await this.record(manager, signup.accountId, signup.acceptedPolicyVersion, signup.language, signup.marketingEmails, registeredAt);
    if (!recorded) {
      // Not a version consent published (see docs/consent.md): kept until it is, never recorded
      // against another version's text.
      await this.pending.keep(manager, {
        accountId: signup.accountId,
        policyVersion: signup.acceptedPolicyVersion,
        language: signup.language,
        marketingEmails: signup.marketingEmails,
        registeredAt,
      });
    }
  }

  async updateLanguage(manager: EntityManager, change: EventFrom<typeof ProfileChanged>['payload']): Promise<void> {
    await this.records.recordLanguage(manager, change.accountId, change.language, new Date(change.changedAt));
  }

  /** Sign-ups that were waiting for `version`, now that it is published (same transaction). */
  async recordPending(manager: EntityManager, version: string): Promise<void> {
    for (const p of await this.pending.takeFor(manager, version)) await this.record(manager, p.accountId, version, p.language, p.marketingEmails, p.registeredAt);
  }

  /**
   * The acceptance of `version` and the marketing choice (method `signup`), with the SHA-256 of
   * the text in the sign-up language; false when consent does not hold that version. A later
   * choice of the person (a record already there) makes the sign-up choice moot: not recorded.
   */
  private async record(manager: EntityManager, accountId: string, version: string, language: Language, marketing: boolean, at: Date): Promise<boolean> {
    const policy = await this.policies.digest(version, language, manager);
    if (!policy) return false;
    await this.records.lockAccount(manager, accountId);
    await this.records.recordAcceptance(manager, accountId, { version, language, sha256: policy.sha256, at });
    const entries = await this.records.entries(accountId, manager);
    if (entries.some((e) => e.purpose === 'marketing-email')) return true;
    await this.ledger.append(manager, accountId, entries, {
      purpose: 'marketing-email',
      granted: marketing,
      method: 'signup',
      policy: { version: policy.version, sha256: policy.sha256 },
      at,
    });
    return true;
  }
}
