import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { auditCategoryOf, type AuditListQuery, type AuditEntryView, type AuditEventRecorded, type EventFrom } from '@sargs/contracts';
import { pseudonymise } from '@sargs/platform/privacy';
import { pageAfter, SERVICE_CONFIG, type ListPage, type PagePosition } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import type { AuditEntry } from './audit-entry.entity';
import { entryHash, type HashedEntry } from './audit-hash';
import { auditEntriesAppended } from './audit-metrics';

interface Head {
  seq: bigint;
  hash: string;
}

type EntryRow = Omit<AuditEntry, 'seq'> & { seq: string };

/**
 * The audit trail (R27): appends entries to one hash chain and reads them back, filtered.
 *
 * Appends from every consumer transaction (several partitions, several retention instances)
 * serialise on the one head row, locked until the transaction commits; within a transaction
 * the head is remembered, so a run of 200 events costs one lock and one statement per entry.
 */
@Injectable()
export class AuditTrailService {
  private readonly heads = new WeakMap<QueryRunner, Head>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  async append(manager: EntityManager, event: EventFrom<typeof AuditEventRecorded>): Promise<void> {
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
    const head = this.heads.get(runner) ?? (await this.lockHead(manager));
    const seq = head.seq + 1n;
    // The hash covers pseudonyms only, so it is the same whether the clear id or its pseudonym is stored.
    const hash = entryHash(this.config.PSEUDONYM_KEY, head.hash, seq, entry);
    const pseudonym = (value: string | null) => (value === null ? null : pseudonymise(this.config.PSEUDONYM_KEY, value));
    // One statement per entry: an event that arrives after its person was erased here (a late
    // delivery) stores their pseudonym from the start, as the erasure would have left it.
    await manager.query(
      `WITH appended AS (
         INSERT INTO audit_entry (seq, id, occurred_at, recorded_at, actor, action, category, subject, reference, service, roles, previous_hash, hash)
         VALUES ($1, $2, $3, $4,
                 CASE WHEN EXISTS (SELECT 1 FROM erased_subject WHERE subject_id = $5) THEN $14 ELSE $5 END,
                 $6, $7,
                 CASE WHEN EXISTS (SELECT 1 FROM erased_subject WHERE subject_id = $8) THEN $15 ELSE $8 END,
                 $9, $10, $11, $12, $13)
         RETURNING seq, hash)
       UPDATE audit_chain_head h SET seq = appended.seq, hash = appended.hash FROM appended WHERE h.id = 1`,
      [
        seq.toString(), entry.id, entry.occurredAt, entry.recordedAt, entry.actor, entry.action, entry.category, entry.subject,
        entry.reference, entry.service, entry.roles, head.hash, hash, pseudonym(entry.actor), pseudonym(entry.subject),
      ],
    );
    this.heads.set(runner, { seq, hash });
    auditEntriesAppended.inc({ category: entry.category });
  }

  /** Newest first by the time of the action; filters combine. Fetches one row more than a page, for the next link. */
  async list(query: AuditListQuery): Promise<ListPage<AuditEntryView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.actor) add((p) => `actor = ${p}`, query.actor.toLowerCase());
    if (query.action) add((p) => `action = ${p}`, query.action);
    if (query.subject) add((p) => `subject = ${p}`, query.subject);
    if (query.since) add((p) => `occurred_at >= ${p}`, new Date(query.since));
    if (query.until) add((p) => `occurred_at < ${p}`, new Date(query.until));
    const position = pageAfter(query.cursor, 'sequence', 'The audit filters are not valid');
    if (position) {
      params.push(position.at, position.id);
      where.push(`(occurred_at, seq) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(query.limit + 1);
    const rows: EntryRow[] = await this.dataSource.query(
      `SELECT seq, id, occurred_at AS "occurredAt", recorded_at AS "recordedAt", actor, action, category, subject, reference, service, roles,
              previous_hash AS "previousHash", hash
         FROM audit_entry ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY occurred_at DESC, seq DESC LIMIT $${params.length}`,
      params,
    );
    const { limit, cursor: _cursor, ...filters } = query;
    return { rows: rows.map(toView), limit, query: filters as Record<string, string | undefined> };
  }

  private async lockHead(manager: EntityManager): Promise<Head> {
    const [head]: { seq: string; hash: string }[] = await manager.query(`SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`);
    if (!head) throw new Error('audit_chain_head has no row: the audit migration did not run');
    return { seq: BigInt(head.seq), hash: head.hash };
  }
}

export const auditPosition = (row: AuditEntryView): PagePosition => ({ at: new Date(row.at), id: String(row.seq) });

function toView(row: EntryRow): AuditEntryView {
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
