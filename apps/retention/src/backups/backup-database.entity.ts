import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotPersonalData } from '@sargs/platform/privacy';

/** One database's dump in a backup: its size and SHA-256 (checked again before a restore). */
@Entity({ name: 'backup_database' })
export class BackupDatabaseDump {
  @NotPersonalData('backup id')
  @PrimaryColumn({ name: 'backup_id', type: 'uuid' })
  backupId!: string;

  @NotPersonalData('database name (the owning service)')
  @PrimaryColumn({ type: 'varchar', length: 50 })
  name!: string;

  /** bigint: a dump may pass 2 GiB; TypeORM reads it as a string. */
  @NotPersonalData('dump size in bytes')
  @Column({ type: 'bigint' })
  bytes!: string;

  @NotPersonalData('SHA-256 of the dump file, hex')
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;
}
