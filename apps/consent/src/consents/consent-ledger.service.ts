import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ConsentChanged, type Language } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import type { Queryable } from '../policies/policy-queries';
import { nextSequence, type ConsentMethod, type ConsentPurpose, type LedgerEntry } from './consent-ledger';

export interface LockedAccount {
  language: Language;
  registeredAt: Date | null;
}

export interface PolicyReference {
  version: string;
  sha256: string;
}

/**
 * The append-only ledger (R9). Every append happens with the person's `consent_account` row
 * locked, so one person's records get gap-free, strictly increasing sequence numbers and
 * concurrent writers queue; every append publishes ConsentChanged in the same transaction.
 */
@Injectable()
export class ConsentLedgerService {
  constructor(private readonly publisher: EventPublisher) {}

  /** Locks the person's projection row until the transaction ends; undefined when consent does not know them. */
  async lockAccount(manager: EntityManager, accountId: string): Promise<LockedAccount | undefined> {
    const rows: { language: Language; registered_at: Date | null }[] = await manager.query(
      'SELECT language, registered_at FROM consent_account WHERE account_id = $1 FOR UPDATE',
      [accountId],
    );
    return rows[0] ? { language: rows[0].language, registeredAt: rows[0].registered_at } : undefined;
  }

  async entries(q: Queryable, accountId: string): Promise<LedgerEntry[]> {
    const rows = (await q.query(
      `SELECT sequence, purpose, granted, method, policy_version, policy_sha256, recorded_at
       FROM consent_record WHERE account_id = $1 ORDER BY sequence`,
      [accountId],
    )) as { sequence: number; purpose: ConsentPurpose; granted: boolean; method: ConsentMethod; policy_version: string; policy_sha256: string; recorded_at: Date }[];
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

  /** Appends one record after `entries` (read under the lock) and publishes it. */
  async append(
    manager: EntityManager,
    accountId: string,
    entries: readonly LedgerEntry[],
    record: { purpose: ConsentPurpose; granted: boolean; method: ConsentMethod; policy: PolicyReference; at: Date },
  ): Promise<LedgerEntry> {
    const entry: LedgerEntry = {
      sequence: nextSequence(entries),
      purpose: record.purpose,
      granted: record.granted,
      method: record.method,
      policyVersion: record.policy.version,
      policySha256: record.policy.sha256,
      recordedAt: record.at,
    };
    // The unique (account_id, sequence) constraint is the backstop should the lock ever be bypassed.
    await manager.query(
      `INSERT INTO consent_record (id, account_id, sequence, purpose, granted, method, policy_version, policy_sha256, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [randomUUID(), accountId, entry.sequence, entry.purpose, entry.granted, entry.method, entry.policyVersion, entry.policySha256, entry.recordedAt],
    );
    await this.publisher.publish(manager, ConsentChanged, accountId, {
      accountId,
      purpose: entry.purpose,
      granted: entry.granted,
      method: entry.method,
      policyVersion: entry.policyVersion,
      policySha256: entry.policySha256,
      sequence: entry.sequence,
      at: entry.recordedAt.toISOString(),
    });
    return entry;
  }
}
