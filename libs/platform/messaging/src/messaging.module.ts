import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { EventConsumer } from './event-consumer';
import { EventHandlerRegistry } from './event-handler-registry';
import { EventPublisher } from './event-publisher';
import { InboxProcessor } from './inbox-processor';
import { KafkaConnection } from './kafka-connection';
import { KafkaReadinessCheck } from './kafka-readiness';
import { MessagingJanitorTask } from './messaging-janitor.task';
import { MessagingLifecycle } from './messaging-lifecycle';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { OutboxRelay } from './outbox-relay';

/** Outbox, relay, inbox consumer and dead letters. Needs a TypeORM DataSource and APP_LOGGER. */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        KafkaConnection,
        EventPublisher,
        OutboxRelay,
        MessagingJanitorTask,
        EventHandlerRegistry,
        DeadLetterPublisher,
        InboxProcessor,
        EventConsumer,
        MessagingLifecycle,
        KafkaReadinessCheck,
      ],
      exports: [EventPublisher, KafkaReadinessCheck, MessagingJanitorTask, InboxProcessor],
    };
  }
}
