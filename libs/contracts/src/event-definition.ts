import { z } from 'zod';

/** The payload fields that hold a string: those that can name an event's subject. */
export type StringFieldOf<T> = { [K in keyof T]-?: T[K] extends string ? K : never }[keyof T] & string;

/** One published event: its topic, type name, schema version and payload schema. */
export interface EventDefinition<
  TTopic extends string = string,
  TType extends string = string,
  TPayload extends z.ZodTypeAny = z.ZodTypeAny,
> {
  topic: TTopic;
  type: TType;
  schemaVersion: number;
  payload: TPayload;
  /**
   * The subject rule: the payload field that must equal the envelope's `subjectId` (for example
   * `'accountId'`). The erased-ids check and erasure go by the envelope's subject, so an event
   * about one account keyed by another is invalid: the publisher refuses it and a consumer
   * dead-letters it (validateEvent). defineEvent checks that the field exists and holds a string.
   */
  subject?: string;
}

export function defineEvent<TTopic extends string, TType extends string, TPayload extends z.ZodTypeAny>(
  definition: EventDefinition<TTopic, TType, TPayload> & { subject?: StringFieldOf<z.infer<TPayload>> },
): EventDefinition<TTopic, TType, TPayload> {
  return definition;
}

/** Why an event breaks its definition's subject rule, or undefined when it keeps it (or has none). */
export function subjectMismatch(definition: EventDefinition, subjectId: string, payload: unknown): string | undefined {
  if (definition.subject === undefined) return undefined;
  const value = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[definition.subject] : undefined;
  return value === subjectId ? undefined : `${definition.type}: payload.${definition.subject} differs from the envelope subjectId`;
}

/** The envelope a handler receives for one event definition. */
export type EventFrom<D extends EventDefinition> = {
  eventId: string;
  type: D['type'];
  schemaVersion: number;
  occurredAt: string;
  subjectId: string;
  correlationId: string;
  payload: z.infer<D['payload']>;
};

/** Any one of a per-service family of definitions (`EventFrom<OneOf<typeof ErasureCompleted>>`). */
export type OneOf<F extends Record<string, EventDefinition>> = F[keyof F];
