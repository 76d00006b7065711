import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import type { AppConfig } from '../config/app-config';
import { RETENTION_CONFIG } from '../config/retention-config.token';
import { ExportsService } from './exports.service';

/**
 * Every EXPORT_SWEEP_INTERVAL_MS: fails exports not complete by their deadline and deletes expired
 * ones with their sections (personal data). Idempotent, so several instances may run it at once.
 */
@Injectable()
export class ExportSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @Inject(RETENTION_CONFIG) private readonly config: AppConfig,
    private readonly exports: ExportsService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run(), this.config.EXPORT_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.exports.sweep();
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message } }, 'export sweep failed');
    } finally {
      this.running = false;
    }
  }
}
