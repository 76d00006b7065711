import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { APP_LOGGER, metricsRegistry, type Logger } from '@sargs/platform/observability';
import { Periodic } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { PrivacyRequestsService } from './privacy-requests.service';

/** Ids named in one warning at most; the count is always the full one. */
const IDS_IN_LOG = 100;

export const privacyRequestsOverdue = new Gauge({
  name: 'sargs_privacy_requests_overdue',
  help: 'Open privacy requests past their due date (one calendar month after receipt, GDPR Art. 12(3))',
  registers: [metricsRegistry],
});

/**
 * Every PRIVACY_REQUEST_OVERDUE_CHECK_MS (and once at boot): counts open requests past their due
 * date into `sargs_privacy_requests_overdue` and, when there are any, logs a warning naming them
 * by id only (R12, R22). An alert on the gauge tells the DPO before the person has to.
 */
@Injectable()
export class PrivacyRequestOverdueCheckTask {
  constructor(
    private readonly requests: PrivacyRequestsService,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** The number of overdue open requests. */
  @Periodic<AppConfig>({ name: 'privacy request overdue check', every: (config) => config.PRIVACY_REQUEST_OVERDUE_CHECK_MS, runAtStart: true })
  async check(): Promise<number> {
    const { count, ids } = await this.requests.overdue(IDS_IN_LOG);
    privacyRequestsOverdue.set(count);
    if (count > 0) this.logger.warn({ overdue: count, requestIds: ids }, 'privacy requests are past their due date');
    return count;
  }
}
