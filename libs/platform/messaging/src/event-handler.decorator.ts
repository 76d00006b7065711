import 'reflect-metadata';
import type { EventDefinition } from '@sargs/contracts';

export interface EventHandlerOptions {
  /**
   * Runs even for a subject on the erased-ids list. Only the privacy participant sets this: every
   * other handler is skipped for erased subjects, so no event recreates their data (R15).
   */
  acceptErasedSubjects?: boolean;
}

export interface EventHandlerMetadata {
  topic: string;
  type: string;
  options: EventHandlerOptions;
}

export const EVENT_HANDLER_METADATA = Symbol('sargs:event-handler');

/**
 * Marks a provider method as the handler of one event. It receives the validated envelope and the
 * transaction's EntityManager: its effect commits together with the inbox record, or not at all.
 * The one consumer pattern: validate (done for you), call one service method, nothing else.
 */
export function EventHandler(definition: EventDefinition, options: EventHandlerOptions = {}): MethodDecorator {
  return (_target, _key, descriptor) => {
    const metadata: EventHandlerMetadata = { topic: definition.topic, type: definition.type, options };
    Reflect.defineMetadata(EVENT_HANDLER_METADATA, metadata, descriptor.value as object);
    return descriptor;
  };
}
