import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccountRegistered, EventFrom, Language, ProfileChanged } from '@sargs/contracts';
import { findPolicyDigest } from '../policies/policy-queries';
import { ConsentLedgerService } from './consent-ledger.service';

type Registration = EventFrom<typeof AccountRegistered>['payload'];

/**
 * What consent learns from identity and profile: the account (and its language, whose policy text
 * a choice refers to), the policy version accepted at sign-up, and the marketing choice made there.
 */
@Injectable()
export class SignupConsentService {
  constructor(private readonly ledger: ConsentLedgerService) {}

  async recordSignup(manager: EntityManager, signup: Registration): Promise<void> {
    const registeredAt = new Date(signup.registeredAt);
    // A ProfileChanged may have come first (another topic): the newer language wins.
    await manager.query(
      `INSERT INTO consent_account (account_id, language, language_at, registered_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (account_id) DO UPDATE SET registered_at = excluded.registered_at,
         language = CASE WHEN consent_account.language_at <= excluded.language_at THEN excluded.language ELSE consent_account.language END,
         language_at = greatest(consent_account.language_at, excluded.language_at)`,
      [signup.accountId, signup.language, registeredAt],
    );
    const recorded = await this.record(manager, signup.accountId, signup.acceptedPolicyVersion, signup.language, signup.marketingEmails, registeredAt);
    if (!recorded) {
      // Not a version consent published (see docs/consent.md): kept until it is, never recorded
      // against another version's text.
      await manager.query(
        `INSERT INTO pending_signup (account_id, policy_version, language, marketing_emails, registered_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_id) DO NOTHING`,
        [signup.accountId, signup.acceptedPolicyVersion, signup.language, signup.marketingEmails, registeredAt],
      );
    }
  }

  async updateLanguage(manager: EntityManager, change: EventFrom<typeof ProfileChanged>['payload']): Promise<void> {
    await manager.query(
      `INSERT INTO consent_account (account_id, language, language_at, registered_at) VALUES ($1, $2, $3, NULL)
       ON CONFLICT (account_id) DO UPDATE SET language = excluded.language, language_at = excluded.language_at
       WHERE consent_account.language_at <= excluded.language_at`,
      [change.accountId, change.language, new Date(change.changedAt)],
    );
  }

  /** Sign-ups that were waiting for `version`, now that it is published (same transaction). */
  async recordPending(manager: EntityManager, version: string): Promise<void> {
    const pending: { account_id: string; language: Language; marketing_emails: boolean; registered_at: Date }[] = await manager.query(
      'DELETE FROM pending_signup WHERE policy_version = $1 RETURNING account_id, language, marketing_emails, registered_at',
      [version],
    );
    for (const p of pending) await this.record(manager, p.account_id, version, p.language, p.marketing_emails, p.registered_at);
  }

  /**
   * The acceptance of `version` and the marketing choice (method `signup`), with the SHA-256 of
   * the text in the sign-up language; false when consent does not hold that version. A later
   * choice of the person (a record already there) makes the sign-up choice moot: not recorded.
   */
  private async record(manager: EntityManager, accountId: string, version: string, language: Language, marketing: boolean, at: Date): Promise<boolean> {
    const policy = await findPolicyDigest(manager, version, language);
    if (!policy) return false;
    await this.ledger.lockAccount(manager, accountId);
    await manager.query(
      `INSERT INTO policy_acceptance (account_id, policy_version, language, policy_sha256, accepted_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id, policy_version) DO NOTHING`,
      [accountId, version, language, policy.sha256, at],
    );
    const entries = await this.ledger.entries(manager, accountId);
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
