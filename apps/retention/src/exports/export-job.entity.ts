import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ExportStatus } from '@sargs/contracts';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

const ACCESS_REQUEST = {
  purpose: "answering the person's request for a copy of their data (R11, GDPR Art. 15 and 20)",
  retention: 'until the export expires (EXPORT_TTL_MS after it is ready or failed), then purged',
  onErasure: 'erase',
} as const;

/** Whose export: a person's own (R11), or an organisation's (docs/tenancy.md), whose id is then the subject. */
export const EXPORT_KINDS = ['person', 'tenant'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/**
 * One export a person asked for (R11), or an organisation's owner or admin asked for the
 * organisation (`kind` tenant, `subject_id` the organisation). `pending` until every participant
 * (every privacy participant; for an organisation the services that hold tenant data) has sent
 * its section, then `ready` until `expires_at`; `failed` when the deadline passed first. At most
 * one pending export per subject (a partial unique index). Expired rows are purged with their
 * sections.
 */
@Entity({ name: 'export_job' })
@Index('export_job_one_pending', ['subjectId'], { unique: true, where: "status = 'pending'" })
@Index('export_job_subject_idx', ['subjectId'])
@Index('export_job_pending_idx', ['requestedAt'], { where: "status = 'pending'" })
@Index('export_job_expires_idx', ['expiresAt'], { where: 'expires_at IS NOT NULL' })
export class ExportJob {
  @NotPersonalData('export id (random uuid)')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @NotPersonalData('person or tenant')
  @Column({ type: 'varchar', length: 10, default: 'person' })
  kind!: ExportKind;

  /** The person, or for a tenant export the organisation. */
  @DataSubjectId()
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @PersonalData(ACCESS_REQUEST)
  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: ExportStatus;

  @PersonalData(ACCESS_REQUEST)
  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @NotPersonalData("timestamp of the export's completion")
  @Column({ name: 'ready_at', type: 'timestamptz', nullable: true })
  readyAt!: Date | null;

  @NotPersonalData("timestamp of the export's failure")
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  /** Set when the export is ready or failed; the row and its sections are purged after it. */
  @NotPersonalData('when the export is deleted')
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
