import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { MailSender } from '../outgoing/mail-sender';
import { WakeableSleep } from '../outgoing/wakeable-sleep';
import { OutgoingMailRepository } from '../outgoing/outgoing-mail.repository';
import { BroadcastRepository } from './broadcast.repository';

/** Queue statistics are refreshed this often while a large broadcast is queued, and at its end. */
const ANALYZE_EVERY_BATCHES = 20;

/**
 * Queues a broadcast's recipients in batches of BROADCAST_BATCH_SIZE, in account-id order. Each
 * batch and the cursor after it commit together, and each mail's key is (broadcast, account):
 * memory stays flat whatever the audience, and a restart resumes at the cursor, skipping and
 * repeating no one. Several instances may run: a broadcast row is locked by the one queueing it.
 */
@Injectable()
export class BroadcastFanout implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopping = false;
  private loop?: Promise<void>;
  private readonly sleeper = new WakeableSleep();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly sender: MailSender,
    private readonly broadcasts: BroadcastRepository,
    private readonly mails: OutgoingMailRepository,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.sleeper.wake();
    await this.loop;
  }

  wake(): void {
    this.sleeper.wake();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const open = await this.broadcasts.openIds(10);
        for (const id of open) {
          let batches = 0;
          while (!this.stopping && (await this.queueBatch(id)) === 'more') {
            this.sender.wake();
            if (++batches % ANALYZE_EVERY_BATCHES === 0) await this.mails.refreshStatistics();
          }
          if (batches > 0) await this.mails.refreshStatistics();
          this.sender.wake();
        }
        if (open.length === 0) await this.idle(this.config.MAIL_POLL_INTERVAL_MS * 4);
      } catch (err) {
        this.logger.warn({ err: { message: (err as Error).message } }, 'broadcast fan-out pass failed; it resumes at its cursor');
        await this.idle(1_000);
      }
    }
  }

  /** One batch in one transaction: 'more' while recipients remain, 'done' or 'busy' (another instance has it). */
  private queueBatch(id: string): Promise<'more' | 'done' | 'busy'> {
    return this.dataSource.transaction(async (manager) => {
      const broadcast = await this.broadcasts.lockOpen(manager, id);
      if (!broadcast) return 'busy';
      return (await this.broadcasts.queueNextBatch(manager, broadcast, this.config.BROADCAST_BATCH_SIZE)) ? 'done' : 'more';
    });
  }

  private idle(ms: number): Promise<void> {
    return this.stopping ? Promise.resolve() : this.sleeper.sleep(ms);
  }
}
