import { EventPattern as NestEventPattern } from '@nestjs/microservices';
import type { EventDefinition, EventFrom } from '@sargs/contracts';
import type { EventContext } from './event-context';

export interface EventPatternOptions {
  /**
   * Runs even for a subject on the erased-ids list. Only the privacy participant sets this: every
   * other handler is skipped for erased subjects, so no event recreates their data (R15).
   */
  acceptErasedSubjects?: boolean;
}

/** The pattern Nest routes an event by: its topic and type. */
export interface EventRoute {
  topic: string;
  type: string;
}

/** A handler as the pattern requires it: `@Payload()` the validated envelope, `@Ctx()` the context. */
export type EventHandlerMethod<D extends EventDefinition> = (event: EventFrom<D>, context: EventContext) => Promise<void>;

/**
 * Nest's `@EventPattern`, typed by our event definition: a method in a consumer controller whose
 * payload type is not the definition's does not compile. The transport (EventTransport) validates
 * the envelope before the handler runs and runs it inside the inbox transaction; the consumer
 * pattern is: call one service method with `context.getManager()`, nothing else.
 */
export function EventPattern<D extends EventDefinition>(definition: D, options: EventPatternOptions = {}) {
  const route: EventRoute = { topic: definition.topic, type: definition.type };
  const decorate = NestEventPattern(route, { ...options });
  return <M extends EventHandlerMethod<D>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    decorate(target, key, descriptor);
  };
}
