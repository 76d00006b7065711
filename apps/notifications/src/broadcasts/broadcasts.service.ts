import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type {
  broadcastListQuery,
  broadcastSummary,
  BroadcastStatusView,
  CreateCampaignBody,
  CreateIncidentBody,
  EventFrom,
  PolicyPublished,
} from '@sargs/contracts';
import { AuditRecorder, NotFoundError, pageAfter, type ListPage, type PagePosition } from '@sargs/platform/service';
import { TEMPLATE_CATEGORY, type TemplateName } from '../templates/mail-template';
import { AUDIENCE_FROM, audienceCondition } from './broadcast-audience';
import { BroadcastFanout } from './broadcast-fanout';
import type { BroadcastAudience, BroadcastKind } from './broadcast.entity';

const TEMPLATE_OF: Record<BroadcastKind, TemplateName> = {
  incident: 'security-incident',
  campaign: 'campaign',
  'policy-notice': 'policy-changed',
};

export type BroadcastSummary = z.infer<typeof broadcastSummary>;
export type ListedKind = 'incident' | 'campaign';
/** A staff list's query, already parsed by the controller. */
export type BroadcastListQuery = z.output<typeof broadcastListQuery>;

export const broadcastPosition = (row: BroadcastSummary): PagePosition => ({ at: new Date(row.createdAt), id: row.id });

/** A broadcast row with the counts of its queued mails (one aggregate per row, in the same query). */
interface BroadcastRow {
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

interface DeliveryCounts {
  notified: number;
  pending: number;
  failed: number;
  skipped: number;
  queuedAll: boolean;
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

interface NewBroadcast {
  kind: BroadcastKind;
  audience: BroadcastAudience;
  content: Record<string, unknown>;
  requestedBy: string | null;
  dedupeKey?: string;
  audienceBefore?: string;
}

/** Incidents (R17), campaigns (R18) and policy notices (R25): one stored text, one queued mail per recipient. */
@Injectable()
export class BroadcastsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly fanout: BroadcastFanout,
    private readonly audit: AuditRecorder,
  ) {}

  /** A security notice regardless of marketing consent; a listed audience is queued at once. */
  async createIncident(input: CreateIncidentBody, staffId: string): Promise<{ id: string }> {
    const listed = input.audience === 'all' ? undefined : [...new Set(input.audience.accountIds.map((id) => id.toLowerCase()))];
    const id = await this.dataSource.transaction(async (manager) => {
      const created = await this.insert(manager, {
        kind: 'incident',
        audience: listed ? 'listed' : 'all',
        content: { title: input.title, message: input.message },
        requestedBy: staffId,
      });
      if (listed) await this.queueListed(manager, created, listed);
      await this.audit.record(manager, { action: 'incident.declared', actorId: staffId, subject: created });
      return created;
    });
    this.fanout.wake();
    return { id };
  }

  /** Marketing to current opt-ins; consent is checked again when each mail is sent. */
  async createCampaign(input: CreateCampaignBody, staffId: string): Promise<{ id: string }> {
    const id = await this.dataSource.transaction(async (manager) => {
      const created = await this.insert(manager, {
        kind: 'campaign',
        audience: 'opted-in',
        content: { subject: input.subject, body: input.body },
        requestedBy: staffId,
      });
      await this.audit.record(manager, { action: 'campaign.sent', actorId: staffId, subject: created });
      return created;
    });
    this.fanout.wake();
    return { id };
  }

  /**
   * The service notice of a new policy version to every active account that signed up before it
   * (later sign-ups accepted it). One per version, however often the event is delivered.
   */
  async createPolicyNotice(manager: EntityManager, event: EventFrom<typeof PolicyPublished>): Promise<void> {
    const { version, publishedAt } = event.payload;
    await this.insert(manager, {
      kind: 'policy-notice',
      audience: 'all',
      content: { version, publishedAt },
      requestedBy: null,
      dedupeKey: `policy:${version}`,
      audienceBefore: publishedAt,
    });
    // The fan-out worker polls; it picks the notice up once this consumer's transaction commits.
  }

  /** One snapshot (REPEATABLE READ): a purge folding log rows into the archived counts never shows half-done. */
  status(id: string, kind: BroadcastKind): Promise<BroadcastStatusView> {
    return this.dataSource.transaction('REPEATABLE READ', (manager) => this.statusIn(manager, id, kind));
  }

  private async statusIn(manager: EntityManager, id: string, kind: BroadcastKind): Promise<BroadcastStatusView> {
    const [broadcast]: BroadcastRow[] = await manager.query(`${SELECT_WITH_COUNTS} WHERE b.id = $1 AND b.kind = $2`, [id, kind]);
    if (!broadcast) throw new NotFoundError(`No such ${kind}`);
    return { id, kind, ...textOf(kind, broadcast), createdAt: broadcast.created_at.toISOString(), createdBy: broadcast.requested_by, ...(await this.countsOf(manager, broadcast)) };
  }

  /**
   * GET /admin/incidents and /admin/campaigns: newest first, one page (limit + 1 rows) in one
   * query, counted as GET /admin/<kind>s/:id counts, in one snapshot like it.
   */
  async list(kind: ListedKind, query: BroadcastListQuery): Promise<ListPage<BroadcastSummary>> {
    const params: unknown[] = [kind];
    let after = '';
    const position = pageAfter(query.cursor, 'uuid');
    if (position) {
      params.push(position.at, position.id);
      after = 'AND (b.created_at, b.id) < ($2, $3)';
    }
    params.push(query.limit + 1);
    const rows = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const found: BroadcastRow[] = await manager.query(
        `${SELECT_WITH_COUNTS} WHERE b.kind = $1 ${after} ORDER BY b.created_at DESC, b.id DESC LIMIT $${params.length}`,
        params,
      );
      const summaries: BroadcastSummary[] = [];
      for (const row of found) summaries.push(toSummary(kind, row, await this.countsOf(manager, row)));
      return summaries;
    });
    return { rows, limit: query.limit, query: {} };
  }

  /**
   * Every recipient counted once: archived (purged log rows) plus the live queue, plus, while the
   * fan-out runs, the audience not queued yet (a query only for such a broadcast, rarely more than one).
   */
  private async countsOf(manager: EntityManager, b: BroadcastRow): Promise<DeliveryCounts> {
    const notYetQueued = b.fanout_completed_at ? 0 : await this.remainingAudience(manager, b.audience, b.fanout_cursor, b.audience_before);
    return {
      notified: b.archived_notified + Number(b.sent),
      pending: Number(b.pending) + notYetQueued,
      failed: b.archived_failed + Number(b.failed),
      skipped: b.skipped_at_fanout + b.archived_skipped + Number(b.cancelled),
      queuedAll: b.fanout_completed_at !== null,
    };
  }

  private async insert(manager: EntityManager, b: NewBroadcast): Promise<string> {
    const id = randomUUID();
    const template = TEMPLATE_OF[b.kind];
    await manager.query(
      // Millisecond creation times: the staff lists' page cursors carry milliseconds.
      `INSERT INTO broadcast (id, kind, category, template, dedupe_key, audience, content, audience_before, requested_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, date_trunc('milliseconds', now())) ON CONFLICT (dedupe_key) DO NOTHING`,
      [id, b.kind, TEMPLATE_CATEGORY[template], template, b.dedupeKey ?? null, b.audience, JSON.stringify(b.content), b.audienceBefore ?? null, b.requestedBy],
    );
    return id;
  }

  /** Queues the listed accounts that may be mailed; the rest are counted as skipped. */
  private async queueListed(manager: EntityManager, id: string, accountIds: string[]): Promise<void> {
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

  private async remainingAudience(manager: EntityManager, audience: BroadcastAudience, cursor: string | null, before: Date | null): Promise<number> {
    const [row]: { n: string }[] = await manager.query(
      `SELECT count(*) AS n FROM ${AUDIENCE_FROM}
        WHERE ${audienceCondition(audience)} AND ($1::uuid IS NULL OR r.account_id > $1) AND ($2::timestamptz IS NULL OR r.registered_at < $2)`,
      [cursor, before],
    );
    return Number(row.n);
  }
}

/** What staff call a broadcast: an incident's title, a campaign's subject (a policy notice has neither). */
function textOf(kind: BroadcastKind, row: BroadcastRow): { title?: string; subject?: { lv: string; en: string } } {
  if (kind === 'incident') return { title: row.content.title as string };
  if (kind === 'campaign') return { subject: row.content.subject as { lv: string; en: string } };
  return {};
}

function toSummary(kind: ListedKind, row: BroadcastRow, counts: DeliveryCounts): BroadcastSummary {
  const { queuedAll: _queuedAll, ...delivery } = counts;
  return { id: row.id, kind, ...textOf(kind, row), createdAt: row.created_at.toISOString(), createdBy: row.requested_by, ...delivery };
}
