import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { Periodic, SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { BackupJob } from './backup-job';

/** How often the schedule looks whether a backup or a purge is due. */
const MAX_TICK_MS = 60_000;

/**
 * The backup schedule (R14): at boot (reconcile with the store and purge after a restore of this
 * database, a crash or a long stop; a backup if one is due, or if there has never been one), then
 * every minute or BACKUP_INTERVAL_MS if shorter. Nothing while backups are off.
 */
@Injectable()
export class BackupScheduleTask implements OnApplicationBootstrap {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly job: BackupJob,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.job.enabled) {
      this.logger.warn('backups are off: BACKUP_DATABASES is not set (R14 needs them in production)');
      return;
    }
    this.logger.info(
      { databases: this.config.BACKUP_DATABASES.map((d) => d.name), intervalMs: this.config.BACKUP_INTERVAL_MS, retentionDays: this.config.BACKUP_RETENTION_DAYS },
      'backups scheduled',
    );
  }

  @Periodic<AppConfig>({ name: 'backup schedule', every: (config) => Math.min(config.BACKUP_INTERVAL_MS, MAX_TICK_MS), runAtStart: true })
  async tick(): Promise<void> {
    if (this.job.enabled) await this.job.tick();
  }
}
