import { Global, Module } from '@nestjs/common';
import { ConfigError } from '@sargs/platform/config';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { BackupCatalogue } from './backup-catalogue';
import { BACKUP_CLOCK, BACKUP_STORE, BackupJob } from './backup-job';
import { BackupScheduleTask } from './backup-schedule.task';
import { DirectoryBackupStore } from './backup-store';
import { BackupRepository } from './backup.repository';
import { BackupsController } from './backups.controller';

/** Where backups go: none when backups are off; a directory, which must then be configured. */
export function backupStoreFor(config: AppConfig): DirectoryBackupStore | null {
  if (config.BACKUP_DATABASES.length === 0) return null;
  if (!config.BACKUP_DIR) throw new ConfigError(['BACKUP_DIR: is required when BACKUP_DATABASES is set (the directory backups are written to)']);
  return new DirectoryBackupStore(config.BACKUP_DIR);
}

/**
 * Backups and their catalogue (R14; docs/retention.md, "Backups and restore"). Global, so any
 * retention feature can inject BackupCatalogue (backupsExpireBy for erasure
 * certificates) without importing this module a second time.
 */
@Global()
@Module({
  controllers: [BackupsController],
  providers: [
    { provide: BACKUP_STORE, useFactory: backupStoreFor, inject: [SERVICE_CONFIG] },
    { provide: BACKUP_CLOCK, useValue: () => new Date() },
    BackupRepository,
    BackupCatalogue,
    BackupJob,
    BackupScheduleTask,
  ],
  exports: [BackupCatalogue],
})
export class BackupsModule {}
