import { Injectable } from '@nestjs/common';
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
import { OrganizationManagerRepository } from '../organization-mail/organization-manager.repository';
import { TEMPLATE_CATEGORY, type TemplateName } from '../templates/mail-template';
import { BroadcastFanout } from './broadcast-fanout';
import type { BroadcastKind } from './broadcast.entity';
import { BroadcastRepository, type BroadcastRow, type NewBroadcast } from './broadcast.repository';

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

interface DeliveryCounts {
  notified: number;
  pending: number;
  failed: number;
  skipped: number;
  queuedAll: boolean;
}

/** Incidents (R17), campaigns (R18) and policy notices (R25): one stored text, one queued mail per recipient. */
@Injectable()
export class BroadcastsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly fanout: BroadcastFanout,
    private readonly audit: AuditRecorder,
    private readonly broadcasts: BroadcastRepository,
    private readonly organizationManagers: OrganizationManagerRepository,
  ) {}

  /**
   * A security notice regardless of marketing consent; a listed audience is queued at once. With
   * `audienceOrgIds`, the owners and admins of those organisations (as this service knows them
   * now) are the audience instead of every account, with any accounts listed besides.
   */
  async createIncident(input: CreateIncidentBody, staffId: string): Promise<{ id: string }> {
    const orgIds = input.audienceOrgIds ? [...new Set(input.audienceOrgIds.map((id) => id.toLowerCase()))] : undefined;
    const accountIds = input.audience === 'all' ? [] : input.audience.accountIds.map((id) => id.toLowerCase());
    const id = await this.dataSource.transaction(async (manager) => {
      const managers = orgIds ? await this.organizationManagers.managersOf(manager, orgIds) : [];
      const listed = input.audience === 'all' && !orgIds ? undefined : [...new Set([...accountIds, ...managers])];
      const created = await this.insert(manager, {
        kind: 'incident',
        audience: listed ? 'listed' : 'all',
        // Which organisations were told stays with the incident (their controllers' record, Art. 33(2)).
        content: { title: input.title, message: input.message, ...(orgIds ? { audienceOrgIds: orgIds } : {}) },
        requestedBy: staffId,
      });
      if (listed) await this.broadcasts.queueListed(manager, created, listed);
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
    const broadcast = await this.broadcasts.findWithCounts(manager, id, kind);
    if (!broadcast) throw new NotFoundError(`No such ${kind}`);
    return { id, kind, ...textOf(kind, broadcast), createdAt: broadcast.created_at.toISOString(), createdBy: broadcast.requested_by, ...(await this.countsOf(manager, broadcast)) };
  }

  /**
   * GET /admin/incidents and /admin/campaigns: newest first, one page (limit + 1 rows) in one
   * query, counted as GET /admin/<kind>s/:id counts, in one snapshot like it.
   */
  async list(kind: ListedKind, query: BroadcastListQuery): Promise<ListPage<BroadcastSummary>> {
    const position = pageAfter(query.cursor, 'uuid');
    const rows = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const found = await this.broadcasts.pageWithCounts(manager, kind, position, query.limit + 1);
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
    const notYetQueued = b.fanout_completed_at ? 0 : await this.broadcasts.remainingAudience(manager, b.audience, b.fanout_cursor, b.audience_before);
    return {
      notified: b.archived_notified + Number(b.sent),
      pending: Number(b.pending) + notYetQueued,
      failed: b.archived_failed + Number(b.failed),
      skipped: b.skipped_at_fanout + b.archived_skipped + Number(b.cancelled),
      queuedAll: b.fanout_completed_at !== null,
    };
  }

  private insert(manager: EntityManager, b: Omit<NewBroadcast, 'category' | 'template'>): Promise<string> {
    const template = TEMPLATE_OF[b.kind];
    return this.broadcasts.insert(manager, { ...b, template, category: TEMPLATE_CATEGORY[template] });
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
