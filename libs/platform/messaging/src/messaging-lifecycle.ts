import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { EventTransport } from './event-transport';
import { KafkaConnection } from './kafka-connection';
import { MessagingJanitorTask } from './messaging-janitor.task';
import { OutboxRelay } from './outbox-relay';

/**
 * Starts the relay and the janitor (the consumer starts with the EventTransport), and stops
 * messaging in a fixed order: the consumer finishes its batch and commits, then the relay sends
 * what those handlers wrote, then Kafka connections close; the database closes after all of this.
 * Nest closes the transport again after these hooks; by then that does nothing.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly kafka: KafkaConnection,
    private readonly relay: OutboxRelay,
    private readonly transport: EventTransport,
    private readonly janitor: MessagingJanitorTask,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
    this.janitor.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.transport.close();
    await this.relay.stop();
    await this.janitor.stop();
    await this.kafka.close();
  }
}
