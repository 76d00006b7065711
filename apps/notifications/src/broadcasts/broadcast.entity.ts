import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { NotPersonalData } from '@sargs/platform/privacy';
import type { MailCategory, TemplateName } from '../templates/mail-template';

export const BROADCAST_KINDS = ['incident', 'campaign', 'policy-notice'] as const;
export type BroadcastKind = (typeof BROADCAST_KINDS)[number];

/** Who a broadcast goes to: every active account, those listed, or current marketing opt-ins. */
export type BroadcastAudience = 'all' | 'listed' | 'opted-in';

/**
 * One mail to many: an incident (R17), a campaign (R18) or a policy notice (R25). Its recipients
 * are queued in batches in account-id order; `fanoutCursor` is the last one queued, committed
 * with its batch, so a restart resumes there and neither skips nor repeats anyone.
 */
@Entity({ name: 'broadcast' })
@Index('broadcast_list_idx', ['kind', 'createdAt', 'id'])
export class Broadcast {
  @NotPersonalData('broadcast id')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @NotPersonalData('incident, campaign or policy notice')
  @Column({ type: 'varchar', length: 20 })
  kind!: BroadcastKind;

  @NotPersonalData('mail category')
  @Column({ type: 'varchar', length: 20 })
  category!: MailCategory;

  @NotPersonalData('template name')
  @Column({ type: 'varchar', length: 40 })
  template!: TemplateName;

  /** A policy notice is one per version however often PolicyPublished is delivered. */
  @NotPersonalData('source of the broadcast, e.g. policy:<version>')
  @Column({ name: 'dedupe_key', type: 'varchar', length: 100, nullable: true, unique: true })
  dedupeKey!: string | null;

  @NotPersonalData('audience kind')
  @Column({ type: 'varchar', length: 10 })
  audience!: BroadcastAudience;

  /** Per-language template values: staff-written text (incident, campaign) or the policy version. */
  @NotPersonalData('staff-written notice text or policy version; about the service, not a person')
  @Column({ type: 'jsonb' })
  content!: Record<string, unknown>;

  /** Accounts registered after this time are not part of a policy notice's audience. */
  @NotPersonalData('audience cut-off time')
  @Column({ name: 'audience_before', type: 'timestamptz', nullable: true })
  audienceBefore!: Date | null;

  @NotPersonalData('staff account that asked for it (an id, for the audit trail)')
  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;

  /** To the millisecond (set so on insert): staff lists page by (created_at, id) with millisecond cursors. */
  @NotPersonalData('creation time')
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @NotPersonalData('last account id queued')
  @Column({ name: 'fanout_cursor', type: 'uuid', nullable: true })
  fanoutCursor!: string | null;

  @NotPersonalData('when every recipient had been queued')
  @Column({ name: 'fanout_completed_at', type: 'timestamptz', nullable: true })
  fanoutCompletedAt!: Date | null;

  /** Listed accounts that were not queued (unknown, unproven address or closed). */
  @NotPersonalData('count')
  @Column({ name: 'skipped_at_fanout', type: 'integer', default: 0 })
  skippedAtFanout!: number;

  /** Counts of delivery log rows already purged, so the totals outlive the log. */
  @NotPersonalData('count')
  @Column({ name: 'archived_notified', type: 'integer', default: 0 })
  archivedNotified!: number;

  @NotPersonalData('count')
  @Column({ name: 'archived_failed', type: 'integer', default: 0 })
  archivedFailed!: number;

  @NotPersonalData('count')
  @Column({ name: 'archived_skipped', type: 'integer', default: 0 })
  archivedSkipped!: number;
}
