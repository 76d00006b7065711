import { Ctx, Payload } from '@nestjs/microservices';
import { PATTERN_EXTRAS_METADATA, PATTERN_HANDLER_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { AccountRegistered, ErasureRequested, ProfileChanged, type EventFrom } from '@sargs/contracts';
import type { EventContext } from './event-context';
import { EventPattern } from './event-pattern.decorator';

class Consumer {
  @EventPattern(AccountRegistered)
  onRegistered(@Payload() _event: EventFrom<typeof AccountRegistered>, @Ctx() _context: EventContext): Promise<void> {
    return Promise.resolve();
  }

  @EventPattern(ErasureRequested, { acceptErasedSubjects: true })
  onErasure(@Payload() _event: EventFrom<typeof ErasureRequested>): Promise<void> {
    return Promise.resolve();
  }
}

class Mistyped {
  // The type check is the test: `npm test` typechecks this file, and an accepted mismatch fails it.
  // @ts-expect-error a ProfileChanged handler cannot be the handler of AccountRegistered
  @EventPattern(AccountRegistered)
  onRegistered(@Payload() _event: EventFrom<typeof ProfileChanged>): Promise<void> {
    return Promise.resolve();
  }
}

describe('@EventPattern(definition)', () => {
  it("is Nest's event pattern, routed by the definition's topic and type", () => {
    const handler = Object.getOwnPropertyDescriptor(Consumer.prototype, 'onRegistered')?.value as object;
    expect(Reflect.getMetadata(PATTERN_METADATA, handler)).toEqual([{ topic: AccountRegistered.topic, type: 'AccountRegistered' }]);
    // 2 is Nest's PatternHandler.EVENT: handled as an event (no reply), chained with other handlers of the pattern.
    expect(Reflect.getMetadata(PATTERN_HANDLER_METADATA, handler)).toBe(2);
  });

  it('carries the erased-subjects option as the handler extras the transport reads', () => {
    const erasure = Object.getOwnPropertyDescriptor(Consumer.prototype, 'onErasure')?.value as object;
    const registered = Object.getOwnPropertyDescriptor(Consumer.prototype, 'onRegistered')?.value as object;
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, erasure)).toEqual({ acceptErasedSubjects: true });
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, registered)).toEqual({});
    expect(Mistyped).toBeDefined();
  });
});
