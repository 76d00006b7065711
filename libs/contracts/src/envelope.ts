import { z } from 'zod';

/** Every Kafka message is one envelope (docs/architecture.md, "Events and topics"). */
export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  eventId: string;
  type: TType;
  schemaVersion: number;
  occurredAt: string;
  /** The person the event is about; also the message key, so one person's events stay ordered. */
  subjectId: string;
  correlationId: string;
  payload: TPayload;
}

export const uuidSchema = z.string().uuid();

export const envelopeSchema = z
  .object({
    eventId: uuidSchema,
    type: z.string().min(1).max(100),
    schemaVersion: z.number().int().positive(),
    occurredAt: z.string().datetime({ offset: true }),
    subjectId: z.string().min(1).max(100),
    correlationId: z.string().min(1).max(200),
    payload: z.unknown(),
  })
  .strict();
