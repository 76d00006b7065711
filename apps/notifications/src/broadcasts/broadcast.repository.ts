import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { PagePosition } from '@sargs/platform/service';
import type { MailCategory, TemplateName } from '../templates/mail-template';
import { AUDIENCE_FROM, audienceCondition } from './broadcast-audience';
import type { BroadcastAudience, BroadcastKind } from './broadcast.entity';

/** A broadcast row with the counts of its queued mails (one aggregate per row, in the same query). */
export interface BroadcastRow {
  id: string;
  kind: BroadcastKind;
  created_at: Date;
  requested_by: string | null;
  content: Record<string, unknown>;
  audience: BroadcastAudience;
  fanout_cursor: string | null;
  fanout_completed_at: Date | null;
  audience_before: Date | null;
  skipped_at_fanout: number;
  archived_notified: number;
  archived_failed: number;
  archived_skipped: number;
  sent: string;
  pending: string;
  failed: string;
  cancelled: string;
}

export interface NewBroadcast {
  kind: BroadcastKind;
  category: MailCategory;
  template: TemplateName;
  audience: BroadcastAudience;
  content: Record<string, unknown>;
  requestedBy: string | null;
  dedupeKey?: string;
  audienceBefore?: string;
}

/** A broadcast whose recipients are still being queued, locked by the instance queueing it. */
export interface OpenBroadcast {
  id: string;
  audience: BroadcastAudience;
  category: string;
  template: string;
  fanout_cursor: string | null;
  audience_before: Date | null;
}

/**
 * Broadcasts with their queue counts. The lateral aggregate runs only for the rows the query
 * returns (after ORDER BY ... LIMIT), over outgoing_mail_broadcast_idx: a page is one query.
 */
const SELECT_WITH_COUNTS = `
  SELECT b.id, b.kind, b.created_at, b.requested_by, b.content, b.audience, b.fanout_cursor, b.fanout_completed_at, b.audience_before,
         b.skipped_at_fanout, b.archived_notified, b.archived_failed, b.archived_skipped, m.sent, m.pending, m.failed, m.cancelled
    FROM broadcast b
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE status = 'sent') AS sent,
             count(*) FILTER (WHERE status IN ('pending', 'sending')) AS pending,
             count(*) FILTER (WHERE status = 'failed') AS failed,
             count(*) FILTER (WHERE status = 'cancelled') AS cancelled
        FROM outgoing_mail WHERE broadcast_id = b.id) m`;

/**
 * Every statement on the broadcast table, with the fan-out's inserts of its recipients' mails
 * into the outgoing queue (the same transaction as the broadcast's cursor). Methods that take a
 * manager run in the caller's transaction.
 */
@Injectable()
export class BroadcastRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Its id; a broadcast with a dedupe key that exists already is not inserted again. */
  async insert(manager: EntityManager, b: NewBroadcast): Promise<string> {
    const id = randomUUID();
    await manager.query(
      // Millisecond creation times: the staff lists' page cursors carry milliseconds.
      `INSERT INTO broadcast (id, kind, category, template, dedupe_key, audience, content, audience_before, requested_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, date_trunc('milliseconds', now())) ON CONFLICT (dedupe_key) DO NOTHING`,
      [id, b.kind, b.category, b.template, b.dedupeKey ?? null, b.audience, JSON.stringify(b.content), b.audienceBefore ?? null, b.requestedBy],
    );
    return id;
  }

  async findWithCounts(manager: EntityManager, id: string, kind: BroadcastKind): Promise<BroadcastRow | undefined> {
    const [row]: BroadcastRow[] = await manager.query(`${SELECT_WITH_COUNTS} WHERE b.id = $1 AND b.kind = $2`, [id, kind]);
    return row;
  }

  /** Newest first, `limit` rows after `position`. */
  async pageWithCounts(manager: EntityManager, kind: BroadcastKind, position: PagePosition | undefined, limit: number): Promise<BroadcastRow[]> {
    const params: unknown[] = [kind];
    let after = '';
    if (position) {
      params.push(position.at, position.id);
      after = 'AND (b.created_at, b.id) < ($2, $3)';
    }
    params.push(limit);
    return manager.query(`${SELECT_WITH_COUNTS} WHERE b.kind = $1 ${after} ORDER BY b.created_at DESC, b.id DESC LIMIT $${params.length}`, params);
  }

  /** The audience after the fan-out's cursor, not queued yet. */
  async remainingAudience(manager: EntityManager, audience: BroadcastAudience, cursor: string | null, before: Date | null): Promise<number> {
    const [row]: { n: string }[] = await manager.query(
      `SELECT count(*) AS n FROM ${AUDIENCE_FROM}
        WHERE ${audienceCondition(audience)} AND ($1::uuid IS NULL OR r.account_id > $1) AND ($2::timestamptz IS NULL OR r.registered_at < $2)`,
      [cursor, before],
    );
    return Number(row.n);
  }

  /** Queues the listed accounts that may be mailed and completes the fan-out; the rest are counted as skipped. */
  async queueListed(manager: EntityManager, id: string, accountIds: string[]): Promise<void> {
    const queued: unknown[] = await manager.query(
      `INSERT INTO outgoing_mail (id, dedupe_key, account_id, category, template, broadcast_id)
       SELECT gen_random_uuid(), 'broadcast:' || b.id || ':' || r.account_id, r.account_id, b.category, b.template, b.id
         FROM ${AUDIENCE_FROM} CROSS JOIN broadcast b
        WHERE b.id = $1 AND r.account_id = ANY($2::uuid[]) AND ${audienceCondition('listed')}
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING 1`,
      [id, accountIds],
    );
    await manager.query(`UPDATE broadcast SET fanout_completed_at = now(), skipped_at_fanout = $2 WHERE id = $1`, [id, accountIds.length - queued.length]);
  }

  /** Broadcasts whose recipients are not all queued yet, oldest first. */
  async openIds(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM broadcast WHERE fanout_completed_at IS NULL ORDER BY created_at LIMIT $1`, [limit]);
    return rows.map((r) => r.id);
  }

  /** Locks an open broadcast; undefined when it is done or another instance holds it. */
  async lockOpen(manager: EntityManager, id: string): Promise<OpenBroadcast | undefined> {
    const [row]: OpenBroadcast[] = await manager.query(
      `SELECT id, audience, category, template, fanout_cursor, audience_before FROM broadcast
        WHERE id = $1 AND fanout_completed_at IS NULL FOR UPDATE SKIP LOCKED`,
      [id],
    );
    return row;
  }

  /**
   * Queues the next `size` recipients after the cursor, in account-id order, and moves the cursor
   * to the last of them in the same statement's transaction; true when the audience is exhausted.
   */
  async queueNextBatch(manager: EntityManager, broadcast: OpenBroadcast, size: number): Promise<boolean> {
    const [last]: { account_id: string; n: string }[] = await manager.query(
      `WITH batch AS (
         SELECT r.account_id FROM ${AUDIENCE_FROM}
          WHERE ${audienceCondition(broadcast.audience)}
            AND ($2::uuid IS NULL OR r.account_id > $2) AND ($3::timestamptz IS NULL OR r.registered_at < $3)
          ORDER BY r.account_id LIMIT $4
       ), queued AS (
         INSERT INTO outgoing_mail (id, dedupe_key, account_id, category, template, broadcast_id)
         SELECT gen_random_uuid(), 'broadcast:' || $1 || ':' || account_id, account_id, $5, $6, $1::uuid FROM batch
         ON CONFLICT (dedupe_key) DO NOTHING
       )
       SELECT account_id, (SELECT count(*) FROM batch) AS n FROM batch ORDER BY account_id DESC LIMIT 1`,
      [broadcast.id, broadcast.fanout_cursor, broadcast.audience_before, size, broadcast.category, broadcast.template],
    );
    const done = !last || Number(last.n) < size;
    await manager.query(
      `UPDATE broadcast SET fanout_cursor = COALESCE($2, fanout_cursor), fanout_completed_at = CASE WHEN $3 THEN now() END WHERE id = $1`,
      [broadcast.id, last?.account_id ?? null, done],
    );
    return done;
  }

  /** The stored text a broadcast's mails render. */
  async content(id: string): Promise<Record<string, unknown> | undefined> {
    const rows: { content: Record<string, unknown> }[] = await this.dataSource.query(`SELECT content FROM broadcast WHERE id = $1`, [id]);
    return rows[0]?.content;
  }
}
