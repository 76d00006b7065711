import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler, type MicroserviceOptions, type NestMicroservice } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@sargs/contracts';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { EventConsumer } from './event-consumer';
import { EventContext } from './event-context';
import { EventErrorsFilter } from './event-errors.filter';
import type { EventPatternOptions, EventRoute } from './event-pattern.decorator';
import type { IncomingMessage } from './incoming-message';
import { KafkaConnection } from './kafka-connection';
import { retryDelayMs, sleep } from './retry-backoff';

/** One `@EventPattern` method, as the inbox runs it. */
export interface RegisteredHandler {
  acceptErasedSubjects: boolean;
  invoke(event: EventEnvelope, manager: EntityManager, message: IncomingMessage): Promise<void>;
}

/** What the inbox asks of the transport: which topics to read, and who handles a (topic, type). */
export interface HandlerLookup {
  topics(): string[];
  handlersFor(topic: string, type: string): RegisteredHandler[];
}

/**
 * Our Kafka transport for Nest's microservices layer: Nest registers every `@EventPattern` in the
 * app's controllers here (with their pipes, guards, interceptors and filters), and the transport
 * feeds them from the inbox consumer (batches, per-partition order, offsets after commit, retries,
 * dead letters, the erased-subject filter). Unlike Nest's own `handleEvent`, a handler's failure
 * is not swallowed: it reaches the inbox, which rolls the transaction back and retries or
 * dead-letters.
 */
@Injectable()
export class EventTransport extends Server implements CustomTransportStrategy, HandlerLookup {
  private starting?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly kafka: KafkaConnection,
    private readonly consumer: EventConsumer,
    @Inject(APP_LOGGER) private readonly appLogger: Logger,
  ) {
    super();
  }

  /** Returns at once: Kafka may be down at boot, so the consumer keeps trying in the background (/readyz reports it). */
  listen(callback: () => void): void {
    this.stopped = false;
    this.starting ??= this.startWithRetry();
    callback();
  }

  /** Lets the batch in flight finish, commits its offsets and leaves the group; a second call does nothing. */
  async close(): Promise<void> {
    this.stopped = true;
    await this.starting;
    this.starting = undefined;
    await this.consumer.stop();
  }

  on(): never {
    throw new Error('EventTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  topics(): string[] {
    return [...new Set([...this.messageHandlers.keys()].map((route) => (JSON.parse(route) as EventRoute).topic))];
  }

  handlersFor(topic: string, type: string): RegisteredHandler[] {
    const handlers: RegisteredHandler[] = [];
    // Nest chains several handlers of one event pattern through `next`.
    for (let handler = this.messageHandlers.get(this.normalizePattern({ topic, type })); handler; handler = handler.next) {
      handlers.push(this.registered(handler));
    }
    return handlers;
  }

  private registered(handler: MessageHandler): RegisteredHandler {
    return {
      acceptErasedSubjects: (handler.extras as EventPatternOptions | undefined)?.acceptErasedSubjects === true,
      invoke: async (event, manager, message) => {
        const result = await handler(event, new EventContext([manager, message]));
        // An interceptor may answer with an Observable: the handler is done when it completes, and its error is the handler's.
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      },
    };
  }

  private async startWithRetry(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        const missing = await this.kafka.missingTopics(this.topics());
        if (missing.length > 0) throw new Error(`topics not provisioned, or not readable by this service's principal: ${missing.join(', ')}`);
        await this.consumer.start(this);
        return;
      } catch (err) {
        this.appLogger.warn({ attempt, err: { message: (err as Error).message } }, 'Kafka not ready for this service yet (unreachable, or its topics missing); retrying');
        await this.consumer.stop().catch(() => undefined);
        await sleep(retryDelayMs(attempt, 500, 10_000));
      }
    }
  }
}

/**
 * Connects the app's EventTransport (from MessagingModule) as a Nest microservice and starts it.
 * Call once the app is initialised: the relay is running by then.
 */
export async function startEventTransport(app: INestApplication): Promise<void> {
  // Deferred, so the filter is in place before the handlers are wrapped (Nest reads global filters
  // then); the app's lifecycle hooks already ran and must not run a second time for the transport.
  const events = app.connectMicroservice<MicroserviceOptions>({ strategy: app.get(EventTransport, { strict: false }) }, { deferInitialization: true }) as NestMicroservice;
  events.setIsInitHookCalled(true);
  events.useGlobalFilters(new EventErrorsFilter());
  await app.startAllMicroservices();
}
