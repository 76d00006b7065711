import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ErasureCaseKind } from '@sargs/contracts';
import { DataSubjectId, NotPersonalData } from '@sargs/platform/privacy';

export const ERASURE_STATUSES = ['held', 'pending', 'completed', 'failed'] as const;
export type ErasureStatus = (typeof ERASURE_STATUSES)[number];

/**
 * One erasure case: the erasure ledger (R13-R15). Ids, times and states only: no name, address or
 * text, so it is kept for good and a restore can be checked against it. A `person` case erases an
 * account (its closure); a `tenant` case an organisation (its owner deleted it), whose id is then
 * the subject and whose participants are the services that hold tenant data.
 */
@Entity({ name: 'erasure_case' })
@Index('erasure_case_open_idx', ['deadlineAt'], { where: "status IN ('pending', 'failed')" })
@Index('erasure_case_list_idx', ['status', 'requestedAt', 'caseId'])
export class ErasureCase {
  /** Minted by identity with the closure (AccountClosureRequested.caseId), or by organizations with the deletion (OrganizationDeletionRequested.caseId). */
  @NotPersonalData('case id')
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @NotPersonalData('person or tenant')
  @Column({ type: 'varchar', length: 10, default: 'person' })
  kind!: ErasureCaseKind;

  /** The account, or for a tenant case the organisation. */
  @DataSubjectId()
  @Index('erasure_case_subject_idx')
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  /** The certificate names the person (or organisation) only by this keyed hash (PSEUDONYM_KEY). */
  @NotPersonalData('keyed hash of the account or organisation id, for the certificate')
  @Column({ name: 'subject_ref', type: 'varchar', length: 80 })
  subjectRef!: string;

  @NotPersonalData('self or staff')
  @Column({ name: 'requested_by', type: 'varchar', length: 10 })
  requestedBy!: 'self' | 'staff';

  /** On a staff closure: who closed the account (AccountClosureRequested.staffId). */
  @NotPersonalData('staff account id')
  @Column({ name: 'requested_by_staff_id', type: 'uuid', nullable: true })
  requestedByStaffId!: string | null;

  /** To the millisecond (set so on insert): the staff list pages by (requested_at, case_id) with millisecond cursors. */
  @NotPersonalData('time of the closure request')
  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @NotPersonalData('case state')
  @Column({ type: 'varchar', length: 12 })
  status!: ErasureStatus;

  @NotPersonalData('times ErasureRequested was published for this case')
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @NotPersonalData('when ErasureRequested was last published')
  @Column({ name: 'erasure_requested_at', type: 'timestamptz', nullable: true })
  erasureRequestedAt!: Date | null;

  /** Past this, missing answers are asked for again, and after the last attempt the case fails (alert). */
  @NotPersonalData('answer deadline')
  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt!: Date | null;

  @NotPersonalData('when the last participant answered')
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** Set at completion: the expiry of the newest backup that may still hold the data (R14). */
  @NotPersonalData('date by which every backup holding the data has expired')
  @Column({ name: 'backups_expire_by', type: 'timestamptz', nullable: true })
  backupsExpireBy!: Date | null;

  @NotPersonalData('when the case was raised as overdue')
  @Column({ name: 'alerted_at', type: 'timestamptz', nullable: true })
  alertedAt!: Date | null;
}
