import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { NotPersonalData } from '@sargs/platform/privacy';

/** The ids of events this service has acted on, written in the same transaction as the effect. */
@Entity({ name: 'inbox_record' })
@Index('inbox_record_processed_at_idx', ['processedAt'])
export class InboxRecord {
  @NotPersonalData('event id, a random uuid')
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @NotPersonalData('topic name')
  @Column({ type: 'varchar', length: 200 })
  topic!: string;

  @NotPersonalData('event type name')
  @Column({ name: 'event_type', type: 'varchar', length: 100 })
  eventType!: string;

  @NotPersonalData('processed, or dropped because its subject was erased')
  @Column({ type: 'varchar', length: 20 })
  outcome!: 'processed' | 'dropped-erased';

  @NotPersonalData('when it was handled')
  @Column({ name: 'processed_at', type: 'timestamptz' })
  processedAt!: Date;
}
