import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigError } from '@sargs/platform/config';
import type { AppConfig } from '../config/app-config';
import { RETENTION_CONFIG } from '../config/retention-config.token';
import { BackupCatalogue } from './backup-catalogue';
import { BACKUP_CLOCK, BACKUP_STORE, BackupJob } from './backup-job';
import { BackupScheduleTask } from './backup-schedule.task';
import { DirectoryBackupStore } from './backup-store';
import { BackupsController } from './backups.controller';

/**
 * Backups and their catalogue (R14; docs/retention.md, "Backups and restore"). Global, so any
 * retention feature can inject BackupCatalogue (backupsExpireBy for erasure
 * certificates) without registering this module a second time.
 */
@Module({})
export class BackupsModule {
  static register(config: AppConfig): DynamicModule {
    if (config.BACKUP_DATABASES.length > 0 && !config.BACKUP_DIR) {
      throw new ConfigError(['BACKUP_DIR: is required when BACKUP_DATABASES is set (the directory backups are written to)']);
    }
    return {
      module: BackupsModule,
      global: true,
      controllers: [BackupsController],
      providers: [
        { provide: RETENTION_CONFIG, useValue: config },
        { provide: BACKUP_STORE, useValue: config.BACKUP_DATABASES.length > 0 ? new DirectoryBackupStore(config.BACKUP_DIR) : null },
        { provide: BACKUP_CLOCK, useValue: () => new Date() },
        BackupCatalogue,
        BackupJob,
        BackupScheduleTask,
      ],
      exports: [BackupCatalogue],
    };
  }
}
