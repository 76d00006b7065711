import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  createCampaignBody,
  createIncidentBody,
  type BroadcastStatusView,
  type EventFrom,
  type PolicyPublished,
} from '@sargs/contracts';
import { parseInput, problem, ProblemException } from '@sargs/platform/service';
import { TEMPLATE_CATEGORY, type TemplateName } from '../templates/mail-template';
import { AUDIENCE_FROM, audienceCondition } from './broadcast-audience';
import { BroadcastFanout } from './broadcast-fanout';
import type { BroadcastAudience, BroadcastKind } from './broadcast.entity';

const TEMPLATE_OF: Record<BroadcastKind, TemplateName> = {
  incident: 'security-incident',
  campaign: 'campaign',
  'policy-notice': 'policy-changed',
};

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
  ) {}

  /** A security notice regardless of marketing consent; a listed audience is queued at once. */
  async createIncident(body: unknown, staffId: string): Promise<{ id: string }> {
    const input = parseInput(createIncidentBody, body);
    const listed = input.audience === 'all' ? undefined : [...new Set(input.audience.accountIds.map((id) => id.toLowerCase()))];
    const id = await this.dataSource.transaction(async (manager) => {
      const created = await this.insert(manager, {
        kind: 'incident',
        audience: listed ? 'listed' : 'all',
        content: { title: input.title, message: input.message },
        requestedBy: staffId,
      });
      if (listed) await this.queueListed(manager, created, listed);
      return created;
    });
    this.fanout.wake();
    return { id };
  }

  /** Marketing to current opt-ins; consent is checked again when each mail is sent. */
  async createCampaign(body: unknown, staffId: string): Promise<{ id: string }> {
    const input = parseInput(createCampaignBody, body);
    const id = await this.dataSource.transaction((manager) =>
      this.insert(manager, { kind: 'campaign', audience: 'opted-in', content: { subject: input.subject, body: input.body }, requestedBy: staffId }),
    );
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
    const rows: {
      created_at: Date;
      audience: BroadcastAudience;
      fanout_cursor: string | null;
      fanout_completed_at: Date | null;
      audience_before: Date | null;
      skipped_at_fanout: number;
      archived_notified: number;
      archived_failed: number;
      archived_skipped: number;
    }[] = await manager.query(
      `SELECT created_at, audience, fanout_cursor, fanout_completed_at, audience_before, skipped_at_fanout,
              archived_notified, archived_failed, archived_skipped
         FROM broadcast WHERE id = $1 AND kind = $2`,
      [id, kind],
    );
    const broadcast = rows[0];
    if (!broadcast) throw new ProblemException(problem(404, `No such ${kind}`));
    const [counts]: { sent: string; pending: string; failed: string; cancelled: string }[] = await manager.query(
      `SELECT count(*) FILTER (WHERE status = 'sent') AS sent,
              count(*) FILTER (WHERE status IN ('pending', 'sending')) AS pending,
              count(*) FILTER (WHERE status = 'failed') AS failed,
              count(*) FILTER (WHERE status = 'cancelled') AS cancelled
         FROM outgoing_mail WHERE broadcast_id = $1`,
      [id],
    );
    const notYetQueued = broadcast.fanout_completed_at ? 0 : await this.remainingAudience(manager, broadcast.audience, broadcast.fanout_cursor, broadcast.audience_before);
    return {
      id,
      kind,
      createdAt: broadcast.created_at.toISOString(),
      notified: broadcast.archived_notified + Number(counts.sent),
      pending: Number(counts.pending) + notYetQueued,
      failed: broadcast.archived_failed + Number(counts.failed),
      skipped: broadcast.skipped_at_fanout + broadcast.archived_skipped + Number(counts.cancelled),
      queuedAll: broadcast.fanout_completed_at !== null,
    };
  }

  private async insert(manager: EntityManager, b: NewBroadcast): Promise<string> {
    const id = randomUUID();
    const template = TEMPLATE_OF[b.kind];
    await manager.query(
      `INSERT INTO broadcast (id, kind, category, template, dedupe_key, audience, content, audience_before, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dedupe_key) DO NOTHING`,
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
