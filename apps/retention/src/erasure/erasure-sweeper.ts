import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import type { AppConfig } from '../config/app-config';
import { RETENTION_CONFIG } from '../config/retention-config.token';
import { ErasureCasesService } from './erasure-cases.service';
import { LegalHoldsService } from './legal-holds.service';

/** Every ERASURE_SWEEP_INTERVAL_MS: expired legal holds are released, overdue cases asked again or failed. */
@Injectable()
export class ErasureSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(RETENTION_CONFIG) private readonly config: AppConfig,
    private readonly holds: LegalHoldsService,
    private readonly cases: ErasureCasesService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, this.config.ERASURE_SWEEP_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async sweep(): Promise<void> {
    try {
      await this.holds.releaseExpired();
      await this.cases.sweepOverdue();
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message } }, 'erasure sweep failed; it runs again at the next interval');
    }
  }
}
