import { Injectable } from '@nestjs/common';
import { Periodic } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { ErasureCasesService } from './erasure-cases.service';
import { LegalHoldsService } from './legal-holds.service';

/** Every ERASURE_SWEEP_INTERVAL_MS: expired legal holds are released, overdue cases asked again or failed. */
@Injectable()
export class ErasureSweepTask {
  constructor(
    private readonly holds: LegalHoldsService,
    private readonly cases: ErasureCasesService,
  ) {}

  @Periodic<AppConfig>({ name: 'erasure sweep', every: (config) => config.ERASURE_SWEEP_INTERVAL_MS })
  async sweep(): Promise<void> {
    await this.holds.releaseExpired();
    await this.cases.sweepOverdue();
  }
}
