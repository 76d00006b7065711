import { Inject, Injectable } from '@nestjs/common';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { Periodic, SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { OutgoingMailRepository } from './outgoing-mail.repository';

const PURGE_INTERVAL_MS = 60 * 60 * 1000;
const PURGE_BATCH = 5_000;

/**
 * Deletes finished delivery log rows older than DELIVERY_LOG_RETENTION_DAYS, hourly and in
 * batches; a broadcast's counts survive the purge (OutgoingMailRepository.purgeFinished).
 */
@Injectable()
export class DeliveryLogPurgeTask {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly mails: OutgoingMailRepository,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Rows deleted. */
  @Periodic({ name: 'delivery log purge', every: PURGE_INTERVAL_MS })
  async purge(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.mails.purgeFinished(this.config.DELIVERY_LOG_RETENTION_DAYS, PURGE_BATCH);
      total += deleted;
      if (deleted < PURGE_BATCH) break;
    }
    if (total > 0) this.logger.info({ deleted: total }, 'delivery log purged');
    return total;
  }
}
