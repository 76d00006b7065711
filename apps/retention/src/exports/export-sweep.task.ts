import { Injectable } from '@nestjs/common';
import { Periodic } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { ExportsService } from './exports.service';

/**
 * Every EXPORT_SWEEP_INTERVAL_MS: fails exports not complete by their deadline and deletes expired
 * ones with their sections (personal data). Idempotent, so several instances may run it at once.
 */
@Injectable()
export class ExportSweepTask {
  constructor(private readonly exports: ExportsService) {}

  @Periodic<AppConfig>({ name: 'export sweep', every: (config) => config.EXPORT_SWEEP_INTERVAL_MS })
  sweep(): Promise<unknown> {
    return this.exports.sweep();
  }
}
