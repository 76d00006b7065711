import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotPersonalData } from '@sargs/platform/privacy';
import type { ReplayTarget } from '@sargs/platform/messaging';

/**
 * Written by the restore tool (tools/backup/restore-backup.ts) into the restored database: identity
 * refuses logins and session lookups until its consumer group has committed up to `targets` (the
 * ends of the ledgers it replays, as they were at the restore), then deletes the row.
 */
@Entity({ name: 'restore_replay' })
export class RestoreReplay {
  @NotPersonalData('id of the restored backup')
  @PrimaryColumn({ name: 'backup_id', type: 'uuid' })
  backupId!: string;

  @NotPersonalData('timestamp of the restore')
  @Column({ name: 'restored_at', type: 'timestamptz' })
  restoredAt!: Date;

  @NotPersonalData('Kafka topics, partitions and offsets')
  @Column({ type: 'jsonb' })
  targets!: ReplayTarget[];
}
