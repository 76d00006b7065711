import { z } from 'zod';

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
}

export function defineEvent<TTopic extends string, TType extends string, TPayload extends z.ZodTypeAny>(
  definition: EventDefinition<TTopic, TType, TPayload>,
): EventDefinition<TTopic, TType, TPayload> {
  return definition;
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
