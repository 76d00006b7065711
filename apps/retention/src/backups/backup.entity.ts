import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BACKUP_STATUSES } from '@sargs/contracts';
import { NotPersonalData } from '@sargs/platform/privacy';

export type BackupStatus = (typeof BACKUP_STATUSES)[number];

/**
 * The backup catalogue (R14): one row per backup, ids and times only. A backup past its expiry
 * has its files deleted and its row kept as `deleted` (with the time), as the record that it is
 * gone; a failed one has its partial files deleted at once.
 */
@Entity({ name: 'backup' })
@Index('backup_started_idx', ['startedAt'])
@Index('backup_expiry_idx', ['expiresAt'], { where: "status IN ('running', 'completed')" })
export class Backup {
  @NotPersonalData('backup id')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @NotPersonalData('when the backup started (every change up to it may be in it)')
  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @NotPersonalData('when every database had been dumped')
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** started_at + BACKUP_RETENTION_DAYS: the backup is deleted by then. */
  @NotPersonalData('when the backup is deleted at the latest')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @NotPersonalData('backup state')
  @Column({ type: 'varchar', length: 10 })
  status!: BackupStatus;

  /** Why a backup failed: the database and pg_dump's message; no data. */
  @NotPersonalData('failure reason from pg_dump or the store')
  @Column({ type: 'varchar', length: 500, nullable: true })
  error!: string | null;

  @NotPersonalData('when the files were deleted')
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @NotPersonalData('staff account that asked for it (an id, for the audit trail); null for the schedule')
  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;
}
