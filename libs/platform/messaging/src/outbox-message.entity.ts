import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

/** An event written in the same transaction as the change it announces; the relay sends it. */
@Entity({ name: 'outbox_message' })
@Index('outbox_message_unsent_idx', ['id'], { where: 'sent_at IS NULL' })
export class OutboxMessage {
  @NotPersonalData('sequence number: relay order')
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @NotPersonalData('event id, a random uuid')
  @Column({ name: 'event_id', type: 'uuid', unique: true })
  eventId!: string;

  @NotPersonalData('topic name')
  @Column({ type: 'varchar', length: 200 })
  topic!: string;

  @DataSubjectId()
  @Column({ name: 'message_key', type: 'varchar', length: 100 })
  messageKey!: string;

  @PersonalData({
    purpose: 'delivering the event to the services that act on it',
    retention: 'until relayed, then OUTBOX_SENT_RETENTION_MS',
    onErasure: 'erase',
  })
  @Column({ type: 'jsonb' })
  envelope!: Record<string, unknown>;

  @NotPersonalData('correlation id and similar transport headers')
  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @NotPersonalData('when the change committed')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @NotPersonalData('when Kafka acknowledged it')
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
