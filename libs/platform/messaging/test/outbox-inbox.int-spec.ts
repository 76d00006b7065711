import { randomUUID } from 'node:crypto';
import { deadLetterTopic, TOPICS } from '@sargs/contracts';
import { createTestDatabase, startTestService, testKafkaAccess, waitFor, type TestDatabase, type TestService } from '@sargs/testing';
import { accountRegisteredPayload, commitRegistration } from './support/account-events';
import { FLAKY_NAME_PREFIX, POISON_NAME, RECORDER_FIXTURE, RecordedEffect } from './support/recorded-effect';
import { readRaw as readTopic } from '../src/kafka-raw-clients';
import { AccountRegistered } from '@sargs/contracts';
import { runWithCorrelation } from '@sargs/platform/observability';

describe('outbox and inbox on a real broker', () => {
  let producerDb: TestDatabase;
  let consumerDb: TestDatabase;
  let producer: TestService;
  let consumer: TestService;
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    producerDb = await createTestDatabase('outbox_producer');
    consumerDb = await createTestDatabase('outbox_consumer');
    producer = await startTestService({ name: `producer-${run}`, databaseUrl: producerDb.url });
    consumer = await startTestService({
      name: `consumer-${run}`,
      databaseUrl: consumerDb.url,
      ...RECORDER_FIXTURE,
    });
  });

  afterAll(async () => {
    await producer?.close();
    await consumer?.close();
    await producerDb?.drop();
    await consumerDb?.drop();
  });

  const effectsOf = (subjectId: string) =>
    consumer.dataSource.getRepository(RecordedEffect).find({ where: { subjectId }, order: { id: 'ASC' } });

  it('publishes a committed change and nothing of a rolled-back one', async () => {
    const subject = randomUUID();
    await expect(
      producer.dataSource.transaction(async (manager) => {
        await producer.publisher.publish(manager, AccountRegistered, subject, accountRegisteredPayload(subject, 'rolled back'));
        throw new Error('the change fails after publishing');
      }),
    ).rejects.toThrow('the change fails');
    await commitRegistration(producer.dataSource, producer.publisher, subject, 'committed');

    // Same key, same partition: had the rolled-back event been sent, it would arrive first.
    const effects = await waitFor(() => effectsOf(subject), (rows) => rows.length >= 1, { what: 'the committed event' });
    expect(effects.map((e) => e.name)).toEqual(['committed']);
    const outbox = await producer.dataSource.query(`SELECT sent_at FROM outbox_message WHERE message_key = $1`, [subject]);
    expect(outbox).toHaveLength(1);
    expect(outbox[0].sent_at).not.toBeNull();
  });

  it('carries the correlation id from the publishing request to the consumer', async () => {
    const subject = randomUUID();
    const correlationId = `corr-${randomUUID()}`;
    await runWithCorrelation(correlationId, () => commitRegistration(producer.dataSource, producer.publisher, subject, 'correlated'));
    const [effect] = await waitFor(() => effectsOf(subject), (rows) => rows.length === 1, { what: 'the correlated event' });
    expect(effect.correlationId).toBe(correlationId);
    const [row] = await producer.dataSource.query(`SELECT headers FROM outbox_message WHERE message_key = $1`, [subject]);
    expect(row.headers).toMatchObject({ 'x-correlation-id': correlationId, 'x-event-type': 'AccountRegistered' });
  });

  it('refuses to publish outside a transaction', async () => {
    const subject = randomUUID();
    await expect(
      producer.publisher.publish(producer.dataSource.manager, AccountRegistered, subject, accountRegisteredPayload(subject, 'x')),
    ).rejects.toThrow('must run inside the transaction');
  });

  it('has one effect when the same event is delivered twice', async () => {
    const subject = randomUUID();
    const eventId = await commitRegistration(producer.dataSource, producer.publisher, subject, 'first delivery');
    await waitFor(() => effectsOf(subject), (rows) => rows.length === 1, { what: 'the first delivery' });

    // Make the relay send the very same message again, as after a crash between send and mark.
    await producer.dataSource.query(`UPDATE outbox_message SET sent_at = NULL WHERE event_id = $1`, [eventId]);
    await commitRegistration(producer.dataSource, producer.publisher, subject, 'marker');
    const effects = await waitFor(() => effectsOf(subject), (rows) => rows.some((r) => r.name === 'marker'), {
      what: 'the marker after the redelivery',
    });
    expect(effects.map((e) => e.name)).toEqual(['first delivery', 'marker']);
    const redelivered = await producer.dataSource.query(`SELECT count(*)::int AS n FROM outbox_message WHERE event_id = $1 AND sent_at IS NOT NULL`, [eventId]);
    expect(redelivered[0].n).toBe(1);
  });

  it('retries a transient failure and rolls back the failed attempt', async () => {
    const subject = randomUUID();
    await commitRegistration(producer.dataSource, producer.publisher, subject, `${FLAKY_NAME_PREFIX} attempt`);
    const effects = await waitFor(() => effectsOf(subject), (rows) => rows.length >= 1, { what: 'the retried event' });
    await commitRegistration(producer.dataSource, producer.publisher, subject, 'marker');
    await waitFor(() => effectsOf(subject), (rows) => rows.some((r) => r.name === 'marker'), { what: 'the marker' });
    expect(effects).toHaveLength(1);
    expect((await effectsOf(subject)).map((e) => e.name)).toEqual([`${FLAKY_NAME_PREFIX} attempt`, 'marker']);
  });

  it('refuses to publish an event keyed by another subject than its subject rule names', async () => {
    const subject = randomUUID();
    await expect(
      producer.dataSource.transaction((manager) => producer.publisher.publish(manager, AccountRegistered, randomUUID(), accountRegisteredPayload(subject, 'x'))),
    ).rejects.toThrow('AccountRegistered: payload.accountId differs from the envelope subjectId');
  });

  it('sends an invalid payload, an event about another subject and a poison event to the DLQ with their reasons and goes on', async () => {
    const subject = randomUUID();
    const invalidEventId = randomUUID();
    const invalid = {
      eventId: invalidEventId,
      type: 'AccountRegistered',
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      subjectId: subject,
      correlationId: 'test-correlation-1',
      payload: { accountId: subject, email: 'not-an-address', name: 'Secret Name' },
    };
    // Written around the publisher, which would refuse it: a producer with another schema did this.
    await producer.dataSource.query(
      `INSERT INTO outbox_message (event_id, topic, message_key, headers, envelope) VALUES ($1, $2, $3, '{}', $4)`,
      [invalidEventId, TOPICS.identityAccount, subject, JSON.stringify(invalid)],
    );
    // Keyed by `subject` but about another account: the subject rule of AccountRegistered.
    const mismatchedEventId = randomUUID();
    const mismatched = { ...invalid, eventId: mismatchedEventId, payload: accountRegisteredPayload(randomUUID(), 'Secret Name') };
    await producer.dataSource.query(
      `INSERT INTO outbox_message (event_id, topic, message_key, headers, envelope) VALUES ($1, $2, $3, '{}', $4)`,
      [mismatchedEventId, TOPICS.identityAccount, subject, JSON.stringify(mismatched)],
    );
    const poisonEventId = await commitRegistration(producer.dataSource, producer.publisher, subject, POISON_NAME);
    await commitRegistration(producer.dataSource, producer.publisher, subject, 'after the poison');

    const effects = await waitFor(() => effectsOf(subject), (rows) => rows.length >= 1, { what: 'the event after the poison' });
    expect(effects.map((e) => e.name)).toEqual(['after the poison']);

    const dlq = await waitFor(
      async () => (await readTopic(testKafkaAccess(), deadLetterTopic(TOPICS.identityAccount))).filter((r) => r.key === subject),
      (records) => records.filter((r) => r.value.includes(`"sargs-consumer-${run}"`)).length >= 3,
      { what: 'three dead letters' },
    );
    // Other test files' consumers of this topic on the shared broker dead-letter the same events
    // under their own groups: this consumer's letters are the ones to check.
    const records = dlq.map((r) => JSON.parse(r.value)).filter((r) => r.consumerGroup === `sargs-consumer-${run}`);
    const invalidRecord = records.find((r) => r.eventId === invalidEventId);
    expect(invalidRecord).toMatchObject({ sourceTopic: TOPICS.identityAccount, consumerGroup: `sargs-consumer-${run}` });
    expect(invalidRecord.reason).toMatch(/invalid AccountRegistered payload: .*email/);
    expect(invalidRecord.reason).toMatch(/registeredAt/);
    expect(typeof invalidRecord.offset).toBe('string');
    expect(records.find((r) => r.eventId === mismatchedEventId)?.reason).toBe('AccountRegistered: payload.accountId differs from the envelope subjectId');
    expect(records.find((r) => r.eventId === poisonEventId)?.reason).toBe('the fixture refuses this name');
    // Dead letters never carry the payload.
    for (const r of dlq) expect(r.value).not.toMatch(/Secret Name|not-an-address|example\.test/);
  });

  it('drops an event that would recreate data of an erased subject', async () => {
    const subject = randomUUID();
    await consumer.dataSource.query(`INSERT INTO erased_subject (subject_id, case_id, erased_at) VALUES ($1, $2, now())`, [
      subject,
      randomUUID(),
    ]);
    const eventId = await commitRegistration(producer.dataSource, producer.publisher, subject, 'late event');
    const inbox = await waitFor(
      (): Promise<{ outcome: string }[]> => consumer.dataSource.query(`SELECT outcome FROM inbox_record WHERE event_id = $1`, [eventId]),
      (rows) => rows.length === 1,
      { what: 'the inbox record' },
    );
    expect(inbox[0].outcome).toBe('dropped-erased');
    expect(await effectsOf(subject)).toHaveLength(0);
  });
});
