import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditVerificationView } from '@sargs/contracts';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { AuditEntryRepository, type AuditEntryRow } from './audit-entry.repository';
import { entryHash, GENESIS_HASH } from './audit-hash';

const PAGE = 5000;

type Broken = NonNullable<AuditVerificationView['firstBroken']>;

/**
 * Re-checks the whole chain from the first entry (R27): every position present, every entry's
 * link to the one before, every hash recomputed, and the head row agreeing with the last entry.
 * Reads in pages by position inside one repeatable-read snapshot, so appends running meanwhile
 * neither break nor stall it.
 */
@Injectable()
export class AuditVerificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditEntries: AuditEntryRepository,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  verify(): Promise<AuditVerificationView> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      let expectedSeq = 1n;
      let previousHash = GENESIS_HASH;
      let entries = 0;
      let firstBroken: Broken | null = null;
      for (;;) {
        const rows = await this.auditEntries.entriesFrom(manager, expectedSeq, PAGE);
        for (const row of rows) {
          const seq = BigInt(row.seq);
          entries++;
          if (!firstBroken) firstBroken = this.check(row, seq, expectedSeq, previousHash);
          expectedSeq = seq + 1n;
          previousHash = row.hash;
        }
        if (rows.length < PAGE) break;
      }
      const head = await this.auditEntries.head(manager);
      if (!firstBroken && (!head || BigInt(head.seq) !== expectedSeq - 1n || head.hash !== previousHash)) {
        firstBroken = { seq: Number(expectedSeq), id: null, reason: `the chain head names entry ${head?.seq ?? 'none'}, but the last entry is ${expectedSeq - 1n}: entries were removed from the end` };
      }
      return { entries, valid: firstBroken === null, head: entries > 0 ? previousHash : null, firstBroken, checkedAt: new Date().toISOString() };
    });
  }

  private check(row: AuditEntryRow, seq: bigint, expectedSeq: bigint, previousHash: string): Broken | null {
    const at = { seq: Number(seq), id: row.id };
    if (seq !== expectedSeq) {
      const missing = seq - expectedSeq === 1n ? `entry ${expectedSeq} is` : `entries ${expectedSeq}-${seq - 1n} are`;
      return { ...at, reason: `${missing} missing before this one` };
    }
    if (row.previousHash !== previousHash) return { ...at, reason: 'its previous hash is not the hash of the entry before it' };
    if (entryHash(this.config.PSEUDONYM_KEY, row.previousHash, seq, row) !== row.hash) return { ...at, reason: 'its content does not match its hash' };
    return null;
  }
}
