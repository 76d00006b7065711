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
 * pattern is: call one service method with `context.getManager()`, nothing else. Given a list
 * (`Object.values(ErasureCompleted)`), the method handles each definition's events.
 */
export function EventPattern<D extends EventDefinition>(definitions: D | readonly D[], options: EventPatternOptions = {}) {
  // Several definitions (one per service, each on its writer's own topic): one route each.
  const routes: EventRoute[] = (Array.isArray(definitions) ? definitions : [definitions]).map((d: D) => ({ topic: d.topic, type: d.type }));
  const decorate = NestEventPattern(routes, { ...options });
  return <M extends EventHandlerMethod<D>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    decorate(target, key, descriptor);
  };
}
