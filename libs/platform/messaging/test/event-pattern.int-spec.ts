import { Controller, Injectable, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor, type PipeTransform } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { from, mergeMap, type Observable } from 'rxjs';
import { AccountRegistered, deadLetterTopic, TOPICS, type EventFrom } from '@sargs/contracts';
import { createTestDatabase, startTestService, testKafkaAccess, waitFor, type TestDatabase, type TestService } from '@sargs/testing';
import { EventContext, EventPattern, PoisonMessageError } from '../src';
import { commitRegistration } from './support/account-events';
import { RECORDER_FIXTURE, RecordedEffect } from './support/recorded-effect';
import { readRaw as readTopic } from '../src/kafka-raw-clients';

type Registration = EventFrom<typeof AccountRegistered>;

/** A pipe on the payload: the handler sees the name upper-cased. */
class UpperCaseName implements PipeTransform<Registration, Registration> {
  transform(event: Registration): Registration {
    return { ...event, payload: { ...event.payload, name: event.payload.name.toUpperCase() } };
  }
}

/** An interceptor that writes in the handler's transaction before the handler runs. */
@Injectable()
class NoteBeforeHandler implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const event = context.switchToRpc().getData<Registration>();
    const manager = context.switchToRpc().getContext<EventContext>().getManager();
    const note = manager.insert(RecordedEffect, { eventId: event.eventId, subjectId: event.subjectId, name: `intercepted ${event.payload.name}`, correlationId: null });
    return from(note).pipe(mergeMap(() => next.handle()));
  }
}

@Controller()
@UseInterceptors(NoteBeforeHandler)
class UpperCaseRecorder {
  @EventPattern(AccountRegistered)
  async record(@Payload(UpperCaseName) event: Registration, @Ctx() context: EventContext): Promise<void> {
    if (event.payload.name === 'REFUSED') throw new PoisonMessageError('the upper-case fixture refuses this name');
    await context.getManager().insert(RecordedEffect, { eventId: event.eventId, subjectId: event.subjectId, name: event.payload.name, correlationId: null });
  }
}

// Nest's own enhancers around an @EventPattern handler, through our transport and its inbox transaction.
describe('an @EventPattern handler with a pipe and an interceptor', () => {
  const run = randomUUID().slice(0, 8);
  let producerDb: TestDatabase;
  let consumerDb: TestDatabase;
  let producer: TestService;
  let consumer: TestService;

  beforeAll(async () => {
    producerDb = await createTestDatabase('pattern_producer');
    consumerDb = await createTestDatabase('pattern_consumer');
    producer = await startTestService({ name: `pattern-producer-${run}`, databaseUrl: producerDb.url });
    consumer = await startTestService({ name: `pattern-${run}`, databaseUrl: consumerDb.url, ...RECORDER_FIXTURE, controllers: [UpperCaseRecorder] });
  });

  afterAll(async () => {
    await producer?.close();
    await consumer?.close();
    await producerDb?.drop();
    await consumerDb?.drop();
  });

  const effectsOf = (subjectId: string) => consumer.dataSource.getRepository(RecordedEffect).find({ where: { subjectId }, order: { id: 'ASC' } });

  it('runs the interceptor, then the handler with the piped payload, in one transaction', async () => {
    const subject = randomUUID();
    const eventId = await commitRegistration(producer.dataSource, producer.publisher, subject, 'Mixed Case');
    const effects = await waitFor(() => effectsOf(subject), (rows) => rows.length >= 2, { what: 'the two effects' });
    expect(effects.map((e) => e.name)).toEqual(['intercepted Mixed Case', 'MIXED CASE']);
    expect(effects.every((e) => e.eventId === eventId)).toBe(true);
  });

  it('lets the handler error through the interceptor to the inbox: rolled back whole, dead-lettered with its reason', async () => {
    const subject = randomUUID();
    const refusedId = await commitRegistration(producer.dataSource, producer.publisher, subject, 'Refused');
    await commitRegistration(producer.dataSource, producer.publisher, subject, 'after');
    await waitFor(() => effectsOf(subject), (rows) => rows.some((r) => r.name === 'AFTER'), { what: 'the event after the refused one' });
    // Not even the interceptor's write of the refused event is left.
    expect((await effectsOf(subject)).map((e) => e.name)).toEqual(['intercepted after', 'AFTER']);
    const letters = await waitFor(
      async () => (await readTopic(testKafkaAccess(), deadLetterTopic(TOPICS.identityAccount))).map((r) => JSON.parse(r.value)).filter((r) => r.eventId === refusedId && r.consumerGroup === `sargs-pattern-${run}`),
      (rows) => rows.length === 1,
      { what: 'the dead letter' },
    );
    expect(letters[0].reason).toBe('the upper-case fixture refuses this name');
  });
});
