import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PrivacyRequestStatus, PrivacyRequestType } from '@sargs/contracts';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

/** Everything the person wrote or was told: erased with the account, so the whole row goes. */
const REQUEST = {
  purpose: 'answering the privacy request the person made (R12, R22; GDPR Art. 12-22)',
  retention: 'while the account exists; deleted with the account at erasure',
  onErasure: 'erase',
} as const;

/**
 * One privacy request (R12): access, rectification, erasure, objection or a question, with the
 * date it must be answered by (one calendar month, GDPR Art. 12(3)) and, once staff close it,
 * their answer (R23). Open requests past their due date are counted by the overdue check.
 */
@Entity({ name: 'privacy_request' })
@Index('privacy_request_account_idx', ['accountId', 'createdAt'])
@Index('privacy_request_open_due_idx', ['dueAt'], { where: "status = 'open'" })
export class PrivacyRequest {
  @NotPersonalData('random request id')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @DataSubjectId()
  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @PersonalData(REQUEST)
  @Column({ type: 'varchar', length: 20 })
  type!: PrivacyRequestType;

  /** The person's own words; may name anyone or anything. */
  @PersonalData(REQUEST)
  @Column({ type: 'varchar', length: 5000 })
  message!: string;

  @NotPersonalData('workflow state: open, answered or rejected')
  @Column({ type: 'varchar', length: 10, default: 'open' })
  status!: PrivacyRequestStatus;

  @NotPersonalData('time the request was received')
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @NotPersonalData('answer deadline: one calendar month after receipt')
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  /** Staff's answer, addressed to the person and about their data. */
  @PersonalData(REQUEST)
  @Column({ type: 'varchar', length: 10_000, nullable: true })
  response!: string | null;

  @NotPersonalData('time staff answered or rejected it')
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @NotPersonalData('staff account that answered (an id, for the audit trail)')
  @Column({ name: 'answered_by', type: 'uuid', nullable: true })
  answeredBy!: string | null;
}
