import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData } from '@sargs/platform/privacy';

/**
 * A legal hold (R20): while active, a closed account's data is kept (its erasure waits); when it is
 * removed or its end date passes, the erasure runs by itself. Kept after release as the record.
 */
@Entity({ name: 'legal_hold' })
@Index('legal_hold_account_idx', ['accountId', 'createdAt', 'id'])
@Index('legal_hold_created_idx', ['createdAt', 'id'])
export class LegalHold {
  @NotPersonalData('hold id')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @DataSubjectId()
  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  /** Staff write the legal ground (a case number, a statute), never the person's name or address. */
  @NotPersonalData('legal ground written by staff; the docs forbid naming the person in it')
  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @NotPersonalData('optional end date')
  @Column({ type: 'timestamptz', nullable: true })
  until!: Date | null;

  @NotPersonalData('staff account id')
  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  /** To the millisecond (set so on insert): the staff list pages by (created_at, id) with millisecond cursors. */
  @NotPersonalData('creation time')
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @NotPersonalData('release time')
  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

  @NotPersonalData('staff account id, or null when the end date passed')
  @Column({ name: 'released_by', type: 'uuid', nullable: true })
  releasedBy!: string | null;
}
