import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { PeriodicTask } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { RETENTION_CONFIG } from '../config/retention-config.token';
import { ExportsService } from './exports.service';

/**
 * Every EXPORT_SWEEP_INTERVAL_MS: fails exports not complete by their deadline and deletes expired
 * ones with their sections (personal data). Idempotent, so several instances may run it at once.
 */
@Injectable()
export class ExportSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(@Inject(RETENTION_CONFIG) config: AppConfig, exports: ExportsService, @Inject(APP_LOGGER) logger: Logger) {
    this.task = new PeriodicTask('export sweep', config.EXPORT_SWEEP_INTERVAL_MS, () => exports.sweep(), logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
