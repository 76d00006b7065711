import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

/**
 * One service's answer to a data-subject request (TenantSubjectAnswered): the rows it holds about
 * the address (access) until the result expires, and how many rows per table it found or deleted.
 * Its subject is the organisation, like its request's.
 */
@Entity({ name: 'data_subject_answer' })
export class DataSubjectAnswer {
  @NotPersonalData('request id')
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId!: string;

  @NotPersonalData('name of the service that answered')
  @PrimaryColumn({ type: 'varchar', length: 50 })
  service!: string;

  /** The organisation that asked. */
  @DataSubjectId()
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @NotPersonalData('when the service answered')
  @Column({ name: 'answered_at', type: 'timestamptz' })
  answeredAt!: Date;

  /** access only: the rows about the address, per table. Not exported again: they are the other services' data. */
  @PersonalData({
    purpose: 'giving the organisation what it holds about the address (GDPR Art. 15, through Art. 28(3)(e))',
    retention: 'until the result expires (DATA_SUBJECT_REQUEST_RESULT_TTL_MS after completion), then set to null',
    onErasure: 'erase',
    exported: false,
  })
  @Column({ type: 'jsonb', nullable: true })
  tables!: Record<string, Record<string, unknown>[]> | null;

  @NotPersonalData('rows found (access) or deleted (erasure) per table: counts only')
  @Column({ type: 'jsonb' })
  counts!: Record<string, number>;
}
