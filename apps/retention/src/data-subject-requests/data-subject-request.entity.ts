import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DataSubjectRequestStatus, DataSubjectRequestType } from '@sargs/contracts';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

/**
 * An organisation's data-subject request (GDPR Art. 28(3)(e)): the organisation, as controller,
 * asks what it holds about an address (`access`) or has it deleted (`erasure`), within itself.
 * Its subject is the organisation, as for retention's tenant exports and erasure cases: retention
 * coordinates and holds no tenant table of its own (docs/tenancy.md); every statement selects by
 * the organisation the gateway's assertion names, and the organisation's deletion removes these
 * rows. The address is kept only while the services are asked; once every one has answered it is
 * erased and only its keyed hash stays, so the request can still be found by it.
 */
@Entity({ name: 'data_subject_request' })
@Index('data_subject_request_list_idx', ['subjectId', 'requestedAt', 'id'])
@Index('data_subject_request_hash_idx', ['subjectId', 'emailHash'])
@Index('data_subject_request_open_idx', ['deadlineAt'], { where: "status = 'pending'" })
@Index('data_subject_request_result_idx', ['resultExpiresAt'], { where: 'result_expires_at IS NOT NULL' })
export class DataSubjectRequest {
  @NotPersonalData('request id (random uuid)')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The organisation that asked (the controller). */
  @DataSubjectId()
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @NotPersonalData('access or erasure')
  @Column({ type: 'varchar', length: 10 })
  type!: DataSubjectRequestType;

  /** Normalised (trimmed, NFC, lower-case), as the services compare it. */
  @PersonalData({
    purpose: "carrying out the organisation's instruction about a data subject (GDPR Art. 28(3)(e)): the services find the person's rows by this address",
    retention: 'only until every service has answered: erased (set to null) when the request completes; only email_hash stays',
    onErasure: 'erase',
  })
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  /** A keyed hash (PSEUDONYM_KEY) of the address: the request stays findable by its address without keeping it. */
  @PersonalData({
    purpose: 'finding a completed request again by its address, without keeping the address (accountability, GDPR Art. 5(2))',
    retention: 'while the organisation exists; deleted with the organisation',
    onErasure: 'erase',
  })
  @Column({ name: 'email_hash', type: 'varchar', length: 80 })
  emailHash!: string;

  @NotPersonalData('request state')
  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: DataSubjectRequestStatus;

  /** To the millisecond (set so on insert): the list pages by (requested_at, id) with millisecond cursors. */
  @NotPersonalData('time of the request')
  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @NotPersonalData('when the last service answered')
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @NotPersonalData('times TenantSubjectRequested was published for this request')
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Past this, the services are asked again; after the last attempt the request is raised as overdue. */
  @NotPersonalData('answer deadline')
  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt!: Date | null;

  @NotPersonalData('when the request was raised as overdue')
  @Column({ name: 'alerted_at', type: 'timestamptz', nullable: true })
  alertedAt!: Date | null;

  /** access: when the rows found are deleted from the answers (the request itself stays). */
  @NotPersonalData('when the access result is deleted')
  @Column({ name: 'result_expires_at', type: 'timestamptz', nullable: true })
  resultExpiresAt!: Date | null;
}
