import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Language } from '@sargs/contracts';

export interface PendingSignup {
  accountId: string;
  policyVersion: string;
  language: Language;
  marketingEmails: boolean;
  registeredAt: Date;
}

/** Sign-ups that accepted a version consent has not published yet (see docs/consent.md). */
@Injectable()
export class PendingSignupRepository {
  /** Kept once: a redelivered sign-up changes nothing. */
  async keep(manager: EntityManager, signup: PendingSignup): Promise<void> {
    await manager.query(
      `INSERT INTO pending_signup (account_id, policy_version, language, marketing_emails, registered_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id) DO NOTHING`,
      [signup.accountId, signup.policyVersion, signup.language, signup.marketingEmails, signup.registeredAt],
    );
  }

  /** Removes and returns the sign-ups waiting for `version`. */
  async takeFor(manager: EntityManager, version: string): Promise<PendingSignup[]> {
    const rows: { account_id: string; language: Language; marketing_emails: boolean; registered_at: Date }[] = await manager.query(
      'DELETE FROM pending_signup WHERE policy_version = $1 RETURNING account_id, language, marketing_emails, registered_at',
      [version],
    );
    return rows.map((r) => ({ accountId: r.account_id, policyVersion: version, language: r.language, marketingEmails: r.marketing_emails, registeredAt: r.registered_at }));
  }
}
