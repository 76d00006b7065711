import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { validateEvent, type EventEnvelope } from '@sargs/contracts';
import { CORRELATION_HEADER, APP_LOGGER, runWithCorrelation, type Logger } from '@sargs/platform/observability';
import { DeadLetterPublisher } from './dead-letter-publisher';
import type { HandlerLookup, RegisteredHandler } from './event-transport';
import type { IncomingMessage } from './incoming-message';
import { consumedEvents, consumerRetries, eventLatency } from './messaging-metrics';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { PoisonMessageError } from './poison-message.error';
import { retryDelayMs, sleep } from './retry-backoff';

export type InboxOutcome = 'processed' | 'duplicate' | 'dropped-erased' | 'ignored' | 'dead-lettered';

/** A validated message with handlers to run. */
interface Work {
  message: IncomingMessage;
  event: EventEnvelope;
  handlers: RegisteredHandler[];
}

type KeepAlive = () => Promise<void>;

/**
 * Handles messages: validate, then in one transaction record each eventId and apply every
 * handler's effect. A redelivery finds the eventId and has no second effect; transient failures
 * retry with backoff; what can never succeed goes to the dead-letter topic.
 *
 * A run of messages is first tried in one transaction (one commit for many effects: this is what
 * keeps latency low under load); if anything in it fails, it is rolled back whole and each message
 * is retried alone, so one poison message cannot hold back or take down its neighbours.
 */
@Injectable()
export class InboxProcessor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deadLetters: DeadLetterPublisher,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Processes messages of one partition, in order, with the transport's handlers. `keepAlive` runs between retries. */
  async processBatch(handlers: HandlerLookup, messages: readonly IncomingMessage[], keepAlive: KeepAlive = async () => undefined): Promise<InboxOutcome[]> {
    const outcomes: InboxOutcome[] = [];
    const work: Work[] = [];
    const workIndex: number[] = [];
    for (const message of messages) {
      const prepared = await this.prepare(handlers, message);
      if (typeof prepared === 'string') outcomes.push(prepared);
      else {
        workIndex.push(outcomes.length);
        outcomes.push('processed');
        work.push(prepared);
      }
    }
    if (work.length > 0) {
      let results: InboxOutcome[];
      try {
        results = await this.dataSource.transaction((manager) => this.apply(manager, work));
      } catch {
        results = [];
        for (const item of work) results.push(await this.processAlone(item, keepAlive));
      }
      results.forEach((outcome, i) => (outcomes[workIndex[i]] = outcome));
      this.observeLatency(work, results);
    }
    messages.forEach((m, i) => consumedEvents.inc({ topic: m.topic, outcome: outcomes[i] }));
    return outcomes;
  }

  /** Parses and validates; dead-letters what is invalid; returns the work or the final outcome. */
  private async prepare(lookup: HandlerLookup, message: IncomingMessage): Promise<Work | InboxOutcome> {
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
    const handlers = lookup.handlersFor(message.topic, validation.event.type);
    return handlers.length === 0 ? 'ignored' : { message, event: validation.event, handlers };
  }

  private async processAlone(item: Work, keepAlive: KeepAlive): Promise<InboxOutcome> {
    const { message, event } = item;
    for (let attempt = 1; ; attempt++) {
      try {
        const [outcome] = await this.dataSource.transaction((manager) => this.apply(manager, [item]));
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
  }

  /** Inside one transaction: erased-ids check, inbox records, then the handlers of new events in order. */
  private async apply(manager: EntityManager, work: readonly Work[]): Promise<InboxOutcome[]> {
    const subjects = [...new Set(work.map((w) => w.event.subjectId))];
    const erasedRows: { subject_id: string }[] = await manager.query(
      'SELECT subject_id FROM erased_subject WHERE subject_id = ANY($1)',
      [subjects],
    );
    const erased = new Set(erasedRows.map((r) => r.subject_id));
    const plans = work.map((w) => {
      const runnable = erased.has(w.event.subjectId) ? w.handlers.filter((h) => h.acceptErasedSubjects) : w.handlers;
      return { ...w, runnable, outcome: (runnable.length > 0 ? 'processed' : 'dropped-erased') as InboxOutcome };
    });
    const inserted: { event_id: string }[] = await manager.query(
      `INSERT INTO inbox_record (event_id, topic, event_type, outcome, processed_at)
       SELECT r.*, now() FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[]) AS r(event_id, topic, event_type, outcome)
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [plans.map((p) => p.event.eventId), plans.map((p) => p.message.topic), plans.map((p) => p.event.type), plans.map((p) => p.outcome)],
    );
    const fresh = new Set(inserted.map((r) => r.event_id));
    const outcomes: InboxOutcome[] = [];
    for (const plan of plans) {
      // A second copy of an event in the same run is a duplicate too.
      if (!fresh.delete(plan.event.eventId)) {
        outcomes.push('duplicate');
        continue;
      }
      const correlationId = plan.message.headers[CORRELATION_HEADER] ?? plan.event.correlationId;
      await runWithCorrelation(correlationId, async () => {
        for (const handler of plan.runnable) await handler.invoke(plan.event, manager, plan.message);
      });
      outcomes.push(plan.outcome);
    }
    return outcomes;
  }

  private observeLatency(work: readonly Work[], outcomes: readonly InboxOutcome[]): void {
    const now = Date.now();
    work.forEach((w, i) => {
      if (outcomes[i] === 'processed') eventLatency.observe({ topic: w.message.topic }, (now - Date.parse(w.event.occurredAt)) / 1000);
    });
  }
}
