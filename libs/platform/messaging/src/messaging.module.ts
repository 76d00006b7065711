import { Module, type DynamicModule } from '@nestjs/common';
import { ConsumerProgress } from './consumer-progress';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { EventConsumer } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { EventTransport } from './event-transport';
import { InboxProcessor } from './inbox-processor';
import { KafkaConnection } from './kafka-connection';
import { KafkaReadinessCheck } from './kafka-readiness';
import { MessagingJanitorTask } from './messaging-janitor.task';
import { MessagingLifecycle } from './messaging-lifecycle';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { OutboxCommitHook } from './outbox-commit-hook';
import { OutboxRelay } from './outbox-relay';

/** Outbox, relay, the event transport with its inbox consumer, and dead letters. Needs a TypeORM DataSource and APP_LOGGER. */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        KafkaConnection,
        EventPublisher,
        OutboxRelay,
        OutboxCommitHook,
        MessagingJanitorTask,
        DeadLetterPublisher,
        InboxProcessor,
        EventConsumer,
        EventTransport,
        MessagingLifecycle,
        KafkaReadinessCheck,
        ConsumerProgress,
      ],
      exports: [EventPublisher, EventTransport, KafkaReadinessCheck, MessagingJanitorTask, InboxProcessor, ConsumerProgress],
    };
  }
}
