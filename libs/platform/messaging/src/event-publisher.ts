import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { subjectMismatch, type EventDefinition, type EventFrom } from '@sargs/contracts';
import { CORRELATION_HEADER, currentCorrelationId } from '@sargs/platform/observability';
import { noteOutboxWrite } from './outbox-commit-hook';

/**
 * Publishes through the transactional outbox: the event is a row in the caller's transaction, so
 * it exists exactly when the change it announces commits. The relay sends it to Kafka.
 */
@Injectable()
export class EventPublisher {
  async publish<D extends EventDefinition>(
    manager: EntityManager,
    definition: D,
    subjectId: string,
    payload: EventFrom<D>['payload'],
  ): Promise<EventFrom<D>> {
    const [envelope] = await this.publishAll(manager, definition, [{ subjectId, payload }]);
    return envelope;
  }

  /** Several events of one type in one statement (a sender recording a round of deliveries). */
  async publishAll<D extends EventDefinition>(
    manager: EntityManager,
    definition: D,
    events: readonly { subjectId: string; payload: EventFrom<D>['payload'] }[],
  ): Promise<EventFrom<D>[]> {
    const queryRunner = manager.queryRunner;
    if (!queryRunner?.isTransactionActive) {
      throw new Error(`publish(${definition.type}) must run inside the transaction of the change it announces`);
    }
    if (events.length === 0) return [];
    // An event keyed by another subject than its definition's subject rule names is a programming error too.
    for (const { subjectId, payload } of events) {
      const mismatch = subjectMismatch(definition, subjectId, payload);
      if (mismatch) throw new Error(`publish(${definition.type}) refused: ${mismatch}`);
    }
    const occurredAt = new Date().toISOString();
    const correlationId = currentCorrelationId();
    const envelopes: EventFrom<D>[] = events.map(({ subjectId, payload }) => ({
      eventId: randomUUID(),
      type: definition.type,
      schemaVersion: definition.schemaVersion,
      occurredAt,
      subjectId,
      correlationId: correlationId ?? randomUUID(),
      // A wrong payload is a programming error: fail the transaction rather than publish it.
      payload: definition.payload.parse(payload),
    }));
    // unnest keeps the array order, so the outbox ids (and the relay's order) follow it.
    await manager.query(
      `INSERT INTO outbox_message (event_id, topic, message_key, envelope, headers)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[])`,
      [
        envelopes.map((e) => e.eventId),
        envelopes.map(() => definition.topic),
        envelopes.map((e) => e.subjectId),
        envelopes.map((e) => JSON.stringify(e)),
        envelopes.map((e) => JSON.stringify({ [CORRELATION_HEADER]: e.correlationId, 'x-event-type': definition.type })),
      ],
    );
    // The relay is woken once this transaction commits (OutboxCommitHook), not from inside it.
    noteOutboxWrite(queryRunner);
    return envelopes;
  }
}
