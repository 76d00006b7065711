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

/**
 * Where backups go: none when backups are off; a directory, which must then be configured, with
 * the keys that encrypt the dumps and sign the manifests.
 */
export function backupStoreFor(config: AppConfig): DirectoryBackupStore | null {
  if (config.BACKUP_DATABASES.length === 0) return null;
  const problems: string[] = [];
  if (!config.BACKUP_DIR) problems.push('BACKUP_DIR: is required when BACKUP_DATABASES is set (the directory backups are written to)');
  if (!config.BACKUP_ENCRYPTION_RECIPIENT) problems.push('BACKUP_ENCRYPTION_RECIPIENT: is required when BACKUP_DATABASES is set (the age public key dumps are encrypted to)');
  if (!config.BACKUP_SIGNING_KEY) problems.push('BACKUP_SIGNING_KEY: is required when BACKUP_DATABASES is set (the Ed25519 key that signs manifests)');
  if (problems.length > 0) throw new ConfigError(problems);
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
