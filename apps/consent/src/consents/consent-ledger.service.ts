import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConsentChanged } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { nextSequence, type ConsentMethod, type ConsentPurpose, type LedgerEntry } from './consent-ledger';
import { ConsentLedgerRepository } from './consent-ledger.repository';

export interface PolicyReference {
  version: string;
  sha256: string;
}

/**
 * Appends to the append-only ledger (R9). The caller holds the person's account row lock
 * (`ConsentLedgerRepository.lockAccount`), so one person's records get gap-free, strictly
 * increasing sequence numbers and concurrent writers queue; every append publishes
 * ConsentChanged in the same transaction.
 */
@Injectable()
export class ConsentLedgerService {
  constructor(
    private readonly records: ConsentLedgerRepository,
    private readonly publisher: EventPublisher,
  ) {}

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
    await this.records.insertEntry(manager, accountId, entry);
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
