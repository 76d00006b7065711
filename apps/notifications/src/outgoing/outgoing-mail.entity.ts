import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';
import type { MailCategory, TemplateName } from '../templates/mail-template';

export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * The outgoing queue and the delivery log in one table: a row is queued `pending`, claimed
 * `sending`, and ends `sent`, `failed` or `cancelled`. It never holds a body: mails are rendered
 * at send time from the template, its parameters and the directory. Finished rows are purged
 * after DELIVERY_LOG_RETENTION_DAYS.
 */
@Entity({ name: 'outgoing_mail' })
@Index('outgoing_mail_due_idx', ['nextAttemptAt'], { where: "status = 'pending'" })
@Index('outgoing_mail_claimed_idx', ['claimedAt'], { where: "status = 'sending'" })
@Index('outgoing_mail_broadcast_idx', ['broadcastId', 'status'], { where: 'broadcast_id IS NOT NULL' })
@Index('outgoing_mail_account_idx', ['accountId'])
@Index('outgoing_mail_finished_idx', ['finishedAt'], { where: 'finished_at IS NOT NULL' })
export class OutgoingMail {
  @NotPersonalData('mail id; also the Message-ID')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** One mail per (event, recipient): `<eventId>:<template>` or `broadcast:<id>:<accountId>`. */
  @NotPersonalData('event or broadcast id with the template or account id')
  @Index('outgoing_mail_dedupe_key', { unique: true })
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200 })
  dedupeKey!: string;

  @DataSubjectId()
  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @NotPersonalData('mail category (R19)')
  @Column({ type: 'varchar', length: 20 })
  category!: MailCategory;

  @NotPersonalData('template name')
  @Column({ type: 'varchar', length: 40 })
  template!: TemplateName;

  /** The template's values; a token only as identity sealed it. Null for broadcasts (the text is the broadcast's). */
  @PersonalData({ purpose: 'rendering the mail at send time (sealed token, expiry, language)', retention: 'until the delivery log row is purged', onErasure: 'erase', exported: false })
  @Column({ type: 'jsonb', nullable: true })
  params!: Record<string, unknown> | null;

  /** Only when the mail goes elsewhere than the directory's address: a new address to confirm, a verification link. */
  @PersonalData({ purpose: 'the address a link is mailed to', retention: 'until the delivery log row is purged', onErasure: 'erase' })
  @Column({ name: 'to_address', type: 'varchar', length: 254, nullable: true })
  toAddress!: string | null;

  @NotPersonalData('incident, campaign or policy notice id')
  @Column({ name: 'broadcast_id', type: 'uuid', nullable: true })
  broadcastId!: string | null;

  @NotPersonalData('delivery state')
  @Column({ type: 'varchar', length: 12, default: 'pending' })
  status!: MailStatus;

  @NotPersonalData('delivery attempts so far')
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @NotPersonalData('when the next attempt is due')
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @NotPersonalData('when a sender claimed the row; a stale claim is taken over')
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  /** A code (`smtp-451`, `connection`, `closed`, `no-consent`), never the relay's own text. */
  @NotPersonalData('failure or cancellation code')
  @Column({ name: 'last_error', type: 'varchar', length: 40, nullable: true })
  lastError!: string | null;

  @NotPersonalData('queueing time')
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @NotPersonalData('when the mail was sent, given up or cancelled')
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
