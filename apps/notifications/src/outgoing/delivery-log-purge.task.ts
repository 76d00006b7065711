import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { Periodic, SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';

const PURGE_INTERVAL_MS = 60 * 60 * 1000;
const PURGE_BATCH = 5_000;

/**
 * Deletes finished delivery log rows older than DELIVERY_LOG_RETENTION_DAYS, hourly and in
 * batches. A broadcast's counts survive the purge: each batch adds what it deletes to the
 * broadcast's archived counts in the same statement.
 */
@Injectable()
export class DeliveryLogPurgeTask {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Rows deleted. */
  @Periodic({ name: 'delivery log purge', every: PURGE_INTERVAL_MS })
  async purge(): Promise<number> {
    let total = 0;
    for (;;) {
      const [row]: { n: string }[] = await this.dataSource.query(
        `WITH gone AS (
           DELETE FROM outgoing_mail WHERE id IN (
             SELECT id FROM outgoing_mail
              WHERE finished_at < now() - make_interval(days => $1) AND status IN ('sent', 'failed', 'cancelled')
              LIMIT $2)
           RETURNING broadcast_id, status
         ), archived AS (
           UPDATE broadcast b SET
             archived_notified = b.archived_notified + g.sent,
             archived_failed = b.archived_failed + g.failed,
             archived_skipped = b.archived_skipped + g.cancelled
           FROM (SELECT broadcast_id,
                        count(*) FILTER (WHERE status = 'sent') AS sent,
                        count(*) FILTER (WHERE status = 'failed') AS failed,
                        count(*) FILTER (WHERE status = 'cancelled') AS cancelled
                   FROM gone WHERE broadcast_id IS NOT NULL GROUP BY broadcast_id) g
           WHERE b.id = g.broadcast_id
         )
         SELECT count(*) AS n FROM gone`,
        [this.config.DELIVERY_LOG_RETENTION_DAYS, PURGE_BATCH],
      );
      const deleted = Number(row.n);
      total += deleted;
      if (deleted < PURGE_BATCH) break;
    }
    if (total > 0) this.logger.info({ deleted: total }, 'delivery log purged');
    return total;
  }
}
