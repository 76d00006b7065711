import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Language } from '@sargs/contracts';
import type { ConsentMethod, ConsentPurpose, LedgerEntry } from './consent-ledger';

export interface LockedAccount {
  language: Language;
  registeredAt: Date | null;
}

/**
 * Every statement on a person's consent aggregate: the `consent_account` copy (its row is the
 * ledger's lock), the `consent_record` ledger and the `policy_acceptance` rows.
 */
@Injectable()
export class ConsentLedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Locks the person's account row until the transaction ends; undefined when consent does not know them. */
  async lockAccount(manager: EntityManager, accountId: string): Promise<LockedAccount | undefined> {
    const rows: { language: Language; registered_at: Date | null }[] = await manager.query(
      'SELECT language, registered_at FROM consent_account WHERE account_id = $1 FOR UPDATE',
      [accountId],
    );
    return rows[0] ? { language: rows[0].language, registeredAt: rows[0].registered_at } : undefined;
  }

  /** The sign-up's copy. A ProfileChanged may have come first (another topic): the newer language wins. */
  async recordRegistration(manager: EntityManager, accountId: string, language: Language, registeredAt: Date): Promise<void> {
    await manager.query(
      `INSERT INTO consent_account (account_id, language, language_at, registered_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (account_id) DO UPDATE SET registered_at = excluded.registered_at,
         language = CASE WHEN consent_account.language_at <= excluded.language_at THEN excluded.language ELSE consent_account.language END,
         language_at = greatest(consent_account.language_at, excluded.language_at)`,
      [accountId, language, registeredAt],
    );
  }

  /** A language change, unless a newer one is already known. */
  async recordLanguage(manager: EntityManager, accountId: string, language: Language, changedAt: Date): Promise<void> {
    await manager.query(
      `INSERT INTO consent_account (account_id, language, language_at, registered_at) VALUES ($1, $2, $3, NULL)
       ON CONFLICT (account_id) DO UPDATE SET language = excluded.language, language_at = excluded.language_at
       WHERE consent_account.language_at <= excluded.language_at`,
      [accountId, language, changedAt],
    );
  }

  /** The acceptance of a version, once (a replay keeps the first). */
  async recordAcceptance(manager: EntityManager, accountId: string, acceptance: { version: string; language: Language; sha256: string; at: Date }): Promise<void> {
    await manager.query(
      `INSERT INTO policy_acceptance (account_id, policy_version, language, policy_sha256, accepted_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id, policy_version) DO NOTHING`,
      [accountId, acceptance.version, acceptance.language, acceptance.sha256, acceptance.at],
    );
  }

  /** The person's ledger in sequence order; `manager` to read under the transaction's lock. */
  async entries(accountId: string, manager?: EntityManager): Promise<LedgerEntry[]> {
    const rows: { sequence: number; purpose: ConsentPurpose; granted: boolean; method: ConsentMethod; policy_version: string; policy_sha256: string; recorded_at: Date }[] =
      await (manager ?? this.dataSource).query(
        `SELECT sequence, purpose, granted, method, policy_version, policy_sha256, recorded_at
         FROM consent_record WHERE account_id = $1 ORDER BY sequence`,
        [accountId],
      );
    return rows.map((r) => ({
      sequence: r.sequence,
      purpose: r.purpose,
      granted: r.granted,
      method: r.method,
      policyVersion: r.policy_version,
      policySha256: r.policy_sha256,
      recordedAt: r.recorded_at,
    }));
  }

  /** The unique (account_id, sequence) constraint is the backstop should the lock ever be bypassed. */
  async insertEntry(manager: EntityManager, accountId: string, entry: LedgerEntry): Promise<void> {
    await manager.query(
      `INSERT INTO consent_record (id, account_id, sequence, purpose, granted, method, policy_version, policy_sha256, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [randomUUID(), accountId, entry.sequence, entry.purpose, entry.granted, entry.method, entry.policyVersion, entry.policySha256, entry.recordedAt],
    );
  }
}
