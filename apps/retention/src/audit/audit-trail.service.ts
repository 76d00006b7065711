import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager, QueryRunner } from 'typeorm';
import { auditCategoryOf, type AuditListQuery, type AuditEntryView, type AuditEventRecorded, type EventFrom, type OneOf } from '@sargs/contracts';
import { pseudonymise } from '@sargs/platform/privacy';
import { pageAfter, SERVICE_CONFIG, type ListPage, type PagePosition } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { AuditEntryRepository, type AuditEntryRow } from './audit-entry.repository';
import { entryHash, type HashedEntry } from './audit-hash';
import { auditEntriesAppended } from './audit-metrics';

interface Head {
  seq: bigint;
  hash: string;
}

/** Where a transaction keeps the entries it has appended until it commits (its query runner's data). */
const QUEUED = 'sargsAuditEntries';

/**
 * The audit trail (R27): appends entries to one hash chain and reads them back, filtered.
 *
 * Appends from every consumer transaction (several partitions, several retention instances)
 * serialise on the one head row. A transaction's entries wait in it until it is about to commit
 * (AuditChainCommitHook); then the head is locked, the entries hashed onto it and written with
 * the head in one statement, and the commit releases the lock. The lock is held for that moment
 * only, not for the whole batch, and the head row changes once per transaction, not once per entry.
 */
@Injectable()
export class AuditTrailService {
  constructor(
    private readonly auditEntries: AuditEntryRepository,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<AppConfig, 'PSEUDONYM_KEY'>,
  ) {}

  /** Queues the entry in the caller's transaction; it is chained and written when that transaction commits. */
  async append(manager: EntityManager, event: EventFrom<OneOf<typeof AuditEventRecorded>>): Promise<void> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('audit entries are appended inside the consumer transaction');
    const { payload } = event;
    const entry: HashedEntry = {
      id: event.eventId,
      // Milliseconds, as the hash and the paging cursor see them.
      occurredAt: new Date(payload.occurredAt),
      recordedAt: new Date(),
      actor: payload.actorId,
      action: payload.action,
      category: auditCategoryOf(payload.action),
      subject: payload.subject,
      reference: payload.reference,
      service: payload.service,
      roles: payload.roles ?? null,
    };
    ((runner.data[QUEUED] as HashedEntry[] | undefined) ??= []).push(entry);
  }

  /** Chains and writes what the transaction queued (its commit hook calls this just before COMMIT). */
  async extendChain(runner: QueryRunner): Promise<void> {
    const queued = runner.data[QUEUED] as HashedEntry[] | undefined;
    delete runner.data[QUEUED];
    if (!queued?.length) return;
    let head = await this.lockHead(runner.manager);
    const pseudonym = (value: string | null) => (value === null ? null : pseudonymise(this.config.PSEUDONYM_KEY, value));
    const entries = queued.map((entry) => {
      const seq = head.seq + 1n;
      // The hash covers pseudonyms only, so it is the same whether the clear id or its pseudonym is stored.
      const hash = entryHash(this.config.PSEUDONYM_KEY, head.hash, seq, entry);
      const appended = { ...entry, seq, previousHash: head.hash, hash, actorPseudonym: pseudonym(entry.actor), subjectPseudonym: pseudonym(entry.subject) };
      head = { seq, hash };
      return appended;
    });
    await this.auditEntries.appendAll(runner.manager, entries);
    for (const entry of entries) auditEntriesAppended.inc({ category: entry.category });
  }

  /** A rolled-back transaction's entries are gone with it. */
  discard(runner: QueryRunner): void {
    delete runner.data[QUEUED];
  }

  /** Newest first by the time of the action; filters combine. Fetches one row more than a page, for the next link. */
  async list(query: AuditListQuery): Promise<ListPage<AuditEntryView>> {
    const position = pageAfter(query.cursor, 'sequence', 'The audit filters are not valid');
    const rows = await this.auditEntries.page(
      {
        actor: query.actor ? query.actor.toLowerCase() : undefined,
        action: query.action,
        subject: query.subject,
        since: query.since ? new Date(query.since) : undefined,
        until: query.until ? new Date(query.until) : undefined,
      },
      position,
      query.limit + 1,
    );
    const { limit, cursor: _cursor, ...filters } = query;
    return { rows: rows.map(toView), limit, query: filters as Record<string, string | undefined> };
  }

  private async lockHead(manager: EntityManager): Promise<Head> {
    const head = await this.auditEntries.lockHead(manager);
    if (!head) throw new Error('audit_chain_head has no row: the audit migration did not run');
    return { seq: BigInt(head.seq), hash: head.hash };
  }
}

export const auditPosition = (row: AuditEntryView): PagePosition => ({ at: new Date(row.at), id: String(row.seq) });

function toView(row: AuditEntryRow): AuditEntryView {
  return {
    id: row.id,
    seq: Number(row.seq),
    at: row.occurredAt.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
    actor: row.actor,
    action: row.action,
    category: row.category,
    subject: row.subject,
    reference: row.reference,
    service: row.service,
    roles: row.roles,
    hash: row.hash,
    previousHash: row.previousHash,
  };
}
