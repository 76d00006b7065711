import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { PeriodicTask } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { RETENTION_CONFIG } from '../config/retention-config.token';
import { ErasureCasesService } from './erasure-cases.service';
import { LegalHoldsService } from './legal-holds.service';

/** Every ERASURE_SWEEP_INTERVAL_MS: expired legal holds are released, overdue cases asked again or failed. */
@Injectable()
export class ErasureSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(@Inject(RETENTION_CONFIG) config: AppConfig, holds: LegalHoldsService, cases: ErasureCasesService, @Inject(APP_LOGGER) logger: Logger) {
    this.task = new PeriodicTask(
      'erasure sweep',
      config.ERASURE_SWEEP_INTERVAL_MS,
      async () => {
        await holds.releaseExpired();
        await cases.sweepOverdue();
      },
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
