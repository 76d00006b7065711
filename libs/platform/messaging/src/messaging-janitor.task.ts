import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { outboxPending } from './messaging-metrics';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';

const DEFAULT_INBOX_RETENTION_MS = 40 * 24 * 60 * 60 * 1000;
const JANITOR_INTERVAL_MS = 60_000;

/**
 * Prunes relayed outbox rows and old inbox records every minute (R21), and samples the backlog.
 * The one scheduled job not declared with `@Periodic`: that decorator and its scheduler live in
 * platform/service, which depends on messaging, so messaging cannot use them without a cycle.
 * MessagingLifecycle starts it and stops it (waiting for a sweep in flight) with the relay; a
 * failed sweep is logged and the next minute tries again, as under the scheduler.
 */
@Injectable()
export class MessagingJanitorTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, JANITOR_INTERVAL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async sweep(): Promise<{ outbox: number; inbox: number }> {
    try {
      const [, outbox] = await this.dataSource.query(
        `DELETE FROM outbox_message WHERE sent_at < now() - ($1::bigint * interval '1 millisecond')`,
        [this.options.outboxSentRetentionMs],
      );
      const [, inbox] = await this.dataSource.query(
        `DELETE FROM inbox_record WHERE processed_at < now() - ($1::bigint * interval '1 millisecond')`,
        [this.options.inboxRetentionMs ?? DEFAULT_INBOX_RETENTION_MS],
      );
      const [{ pending }] = await this.dataSource.query(
        `SELECT count(*)::int AS pending FROM outbox_message WHERE sent_at IS NULL`,
      );
      outboxPending.set(pending);
      return { outbox: Number(outbox) || 0, inbox: Number(inbox) || 0 };
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message } }, 'messaging janitor sweep failed');
      return { outbox: 0, inbox: 0 };
    }
  }
}
