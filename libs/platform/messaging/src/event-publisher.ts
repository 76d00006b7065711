import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventDefinition, EventFrom } from '@sargs/contracts';
import { CORRELATION_HEADER, currentCorrelationId } from '@sargs/platform/observability';

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
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`publish(${definition.type}) must run inside the transaction of the change it announces`);
    }
    const envelope: EventFrom<D> = {
      eventId: randomUUID(),
      type: definition.type,
      schemaVersion: definition.schemaVersion,
      occurredAt: new Date().toISOString(),
      subjectId,
      correlationId: currentCorrelationId() ?? randomUUID(),
      // A wrong payload is a programming error: fail the transaction rather than publish it.
      payload: definition.payload.parse(payload),
    };
    await manager.query(
      `INSERT INTO outbox_message (event_id, topic, message_key, envelope, headers) VALUES ($1, $2, $3, $4, $5)`,
      [
        envelope.eventId,
        definition.topic,
        subjectId,
        JSON.stringify(envelope),
        JSON.stringify({ [CORRELATION_HEADER]: envelope.correlationId, 'x-event-type': definition.type }),
      ],
    );
    // The relay is woken by the table's trigger (PlatformTables migration) when this commits.
    return envelope;
  }
}
