import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PagePosition } from '@sargs/platform/service';
import type { AuditEntry } from './audit-entry.entity';
import type { HashedEntry } from './audit-hash';

/** An audit_entry row as read back: seq (bigint) comes as a string. */
export type AuditEntryRow = Omit<AuditEntry, 'seq'> & { seq: string };

/** The chain's last link as stored: seq (bigint) comes as a string. */
export interface AuditChainHeadRow {
  seq: string;
  hash: string;
}

/** An entry to append: its content, its position, its link to the one before and its hash. */
export interface AppendedAuditEntry extends HashedEntry {
  seq: bigint;
  previousHash: string;
  hash: string;
  /** Stored instead of actor and subject when their person was erased here. */
  actorPseudonym: string | null;
  subjectPseudonym: string | null;
}

/** Filters of the audit list; every one given narrows it. */
export interface AuditEntryFilter {
  actor?: string;
  action?: string;
  subject?: string;
  since?: Date;
  until?: Date;
}

const ENTRY_COLUMNS = `seq, id, occurred_at AS "occurredAt", recorded_at AS "recordedAt", actor, action, category, subject, reference, service, roles,
              previous_hash AS "previousHash", hash`;

/** Every statement on audit_entry and audit_chain_head; methods that take a manager run in the caller's transaction. */
@Injectable()
export class AuditEntryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The chain head, locked until the transaction ends: appends serialise on it. Undefined when the row is missing. */
  async lockHead(manager: EntityManager): Promise<AuditChainHeadRow | undefined> {
    const [head]: AuditChainHeadRow[] = await manager.query(`SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`);
    return head;
  }

  /** The chain head without a lock (as of the caller's snapshot). */
  async head(manager: EntityManager): Promise<AuditChainHeadRow | undefined> {
    const [head]: AuditChainHeadRow[] = await manager.query(`SELECT seq, hash FROM audit_chain_head WHERE id = 1`);
    return head;
  }

  /**
   * Inserts a transaction's entries, in order, and moves the head to the last, in one statement.
   * The caller holds the head lock. An entry that arrives after its person was erased here (a late
   * delivery) stores their pseudonym from the start, as the erasure would have left it.
   */
  async appendAll(manager: EntityManager, entries: readonly AppendedAuditEntry[]): Promise<void> {
    const rows = entries.map((e) => ({
      seq: e.seq.toString(), id: e.id, occurred_at: e.occurredAt.toISOString(), recorded_at: e.recordedAt.toISOString(), actor: e.actor, action: e.action,
      category: e.category, subject: e.subject, reference: e.reference, service: e.service, roles: e.roles, previous_hash: e.previousHash, hash: e.hash,
      actor_pseudonym: e.actorPseudonym, subject_pseudonym: e.subjectPseudonym,
    }));
    await manager.query(
      `WITH appended AS (
         INSERT INTO audit_entry (seq, id, occurred_at, recorded_at, actor, action, category, subject, reference, service, roles, previous_hash, hash)
         SELECT e.seq, e.id, e.occurred_at, e.recorded_at,
                CASE WHEN EXISTS (SELECT 1 FROM erased_subject WHERE subject_id = e.actor) THEN e.actor_pseudonym ELSE e.actor END,
                e.action, e.category,
                CASE WHEN EXISTS (SELECT 1 FROM erased_subject WHERE subject_id = e.subject) THEN e.subject_pseudonym ELSE e.subject END,
                e.reference, e.service, e.roles, e.previous_hash, e.hash
           FROM jsonb_to_recordset($1::jsonb) AS e(seq bigint, id uuid, occurred_at timestamptz, recorded_at timestamptz, actor varchar, action varchar,
                category varchar, subject varchar, reference varchar, service varchar, roles text[], previous_hash varchar, hash varchar,
                actor_pseudonym varchar, subject_pseudonym varchar)
         RETURNING seq, hash)
       UPDATE audit_chain_head h SET seq = last.seq, hash = last.hash
         FROM (SELECT seq, hash FROM appended ORDER BY seq DESC LIMIT 1) last WHERE h.id = 1`,
      [JSON.stringify(rows)],
    );
  }

  /** Newest first by the time of the action, after a position (occurred_at, seq); filters combine; `limit` rows. */
  page(filter: AuditEntryFilter, after: PagePosition | undefined, limit: number): Promise<AuditEntryRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.actor) add((p) => `actor = ${p}`, filter.actor);
    if (filter.action) add((p) => `action = ${p}`, filter.action);
    if (filter.subject) add((p) => `subject = ${p}`, filter.subject);
    if (filter.since) add((p) => `occurred_at >= ${p}`, filter.since);
    if (filter.until) add((p) => `occurred_at < ${p}`, filter.until);
    if (after) {
      params.push(after.at, after.id);
      where.push(`(occurred_at, seq) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(limit);
    return this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS}
         FROM audit_entry ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY occurred_at DESC, seq DESC LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * Every entry about one organisation, for its export, in chain order, in the caller's
   * transaction: those whose subject it is (its verification, its deletion) and those that name it
   * as their reference (its members and invitations, whose subject is the member or invitation).
   */
  aboutOrganisation(manager: EntityManager, orgId: string): Promise<AuditEntryRow[]> {
    return manager.query(`SELECT ${ENTRY_COLUMNS} FROM audit_entry WHERE subject = $1 UNION SELECT ${ENTRY_COLUMNS} FROM audit_entry WHERE reference = $1 ORDER BY seq`, [orgId]);
  }

  /** Entries from position `fromSeq` on, in chain order; `limit` rows (in the caller's snapshot). */
  entriesFrom(manager: EntityManager, fromSeq: bigint, limit: number): Promise<AuditEntryRow[]> {
    return manager.query(`SELECT ${ENTRY_COLUMNS} FROM audit_entry WHERE seq >= $1 ORDER BY seq LIMIT $2`, [fromSeq.toString(), limit]);
  }
}
