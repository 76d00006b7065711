import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { TOPIC_SPECS } from '@sargs/contracts';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { EventConsumer } from './event-consumer';
import { KafkaConnection } from './kafka-connection';
import { MessagingJanitorTask } from './messaging-janitor.task';
import { OutboxRelay } from './outbox-relay';
import { retryDelayMs, sleep } from './retry-backoff';

/**
 * Starts and stops messaging in a fixed order. Stop: the consumer finishes its batch and commits,
 * then the relay sends what those handlers wrote, then Kafka connections close; the database
 * closes after all of this.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private starting?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly kafka: KafkaConnection,
    private readonly relay: OutboxRelay,
    private readonly consumer: EventConsumer,
    private readonly janitor: MessagingJanitorTask,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
    this.janitor.start();
    // Kafka may be down at boot: keep trying in the background; /readyz reports it meanwhile.
    this.starting = this.connectWithRetry();
  }

  private async connectWithRetry(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.kafka.ensureTopics(TOPIC_SPECS);
        await this.consumer.start();
        return;
      } catch (err) {
        this.logger.warn({ attempt, err: { message: (err as Error).message } }, 'Kafka not reachable yet; retrying');
        await this.consumer.stop().catch(() => undefined);
        await sleep(retryDelayMs(attempt, 500, 10_000));
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.consumer.stop();
    await this.relay.stop();
    await this.janitor.stop();
    await this.kafka.close();
  }
}
