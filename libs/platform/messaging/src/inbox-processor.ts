import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { validateEvent, type EventEnvelope } from '@sargs/contracts';
import { CORRELATION_HEADER, APP_LOGGER, runWithCorrelation, type Logger } from '@sargs/platform/observability';
import { isSubjectErased } from '@sargs/platform/privacy';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { EventHandlerRegistry, type RegisteredHandler } from './event-handler-registry';
import type { IncomingMessage } from './incoming-message';
import { consumedEvents, consumerRetries, eventLatency } from './messaging-metrics';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { PoisonMessageError } from './poison-message.error';
import { retryDelayMs, sleep } from './retry-backoff';

export type InboxOutcome = 'processed' | 'duplicate' | 'dropped-erased' | 'ignored' | 'dead-lettered';

/**
 * Handles one message: validate, then in one transaction record its eventId and apply every
 * handler's effect. A redelivery finds the eventId and has no second effect; transient failures
 * retry with backoff; what can never succeed goes to the dead-letter topic.
 */
@Injectable()
export class InboxProcessor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: EventHandlerRegistry,
    private readonly deadLetters: DeadLetterPublisher,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** `keepAlive` is called between retries so the broker does not think the consumer died. */
  async process(message: IncomingMessage, keepAlive: () => Promise<void> = async () => undefined): Promise<InboxOutcome> {
    const outcome = await this.processOnce(message, keepAlive);
    consumedEvents.inc({ topic: message.topic, outcome });
    return outcome;
  }

  private async processOnce(message: IncomingMessage, keepAlive: () => Promise<void>): Promise<InboxOutcome> {
    let raw: unknown;
    try {
      raw = JSON.parse(message.value?.toString('utf8') ?? '');
    } catch {
      await this.deadLetters.deadLetter(message, 'value is not JSON');
      return 'dead-lettered';
    }
    const validation = validateEvent(message.topic, raw);
    if (!validation.ok) {
      await this.deadLetters.deadLetter(message, validation.reason, validation.eventId);
      return 'dead-lettered';
    }
    const event = validation.event;
    const handlers = this.registry.handlersFor(message.topic, event.type);
    if (handlers.length === 0) return 'ignored';

    return runWithCorrelation(message.headers[CORRELATION_HEADER] ?? event.correlationId, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const outcome = await this.applyInTransaction(message.topic, event, handlers);
          if (outcome === 'processed') {
            eventLatency.observe({ topic: message.topic }, (Date.now() - Date.parse(event.occurredAt)) / 1000);
          }
          return outcome;
        } catch (err) {
          const error = err as Error;
          if (err instanceof PoisonMessageError || attempt >= this.options.consumerMaxAttempts) {
            const why = err instanceof PoisonMessageError ? error.message : `gave up after ${attempt} attempts: ${error.name}`;
            await this.deadLetters.deadLetter(message, why, event.eventId);
            return 'dead-lettered';
          }
          consumerRetries.inc({ topic: message.topic });
          this.logger.warn(
            { eventId: event.eventId, type: event.type, attempt, err: { name: error.name, message: error.message } },
            'event handler failed; retrying',
          );
          await sleep(retryDelayMs(attempt));
          await keepAlive();
        }
      }
    });
  }

  private applyInTransaction(
    topic: string,
    event: EventEnvelope,
    handlers: RegisteredHandler[],
  ): Promise<InboxOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const query = (sql: string, params: unknown[]) => manager.query(sql, params) as Promise<unknown[]>;
      const erased = await isSubjectErased(query, event.subjectId);
      const runnable = erased ? handlers.filter((h) => h.metadata.options.acceptErasedSubjects) : handlers;
      const outcome = runnable.length > 0 ? 'processed' : 'dropped-erased';
      const inserted: unknown[] = await manager.query(
        `INSERT INTO inbox_record (event_id, topic, event_type, outcome, processed_at)
         VALUES ($1, $2, $3, $4, now()) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [event.eventId, topic, event.type, outcome],
      );
      if (inserted.length === 0) return 'duplicate';
      for (const handler of runnable) await handler.invoke(event, manager);
      return outcome;
    });
  }
}
