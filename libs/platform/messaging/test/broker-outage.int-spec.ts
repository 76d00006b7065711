import { randomUUID } from 'node:crypto';
import { createTestDatabase, startDedicatedBroker, startTestService, waitFor, type DedicatedBroker, type TestDatabase, type TestService } from '@sargs/testing';
import { commitRegistration } from './support/account-events';
import { RECORDER_FIXTURE } from './support/recorded-effect';

const CHANGES = 1000;
const SUBJECTS = 25;

describe('a broker outage', () => {
  let broker: DedicatedBroker;
  let producerDb: TestDatabase;
  let consumerDb: TestDatabase;
  let producer: TestService;
  let consumer: TestService;

  afterAll(async () => {
    await producer?.close();
    await consumer?.close();
    await broker?.destroy();
    await producerDb?.drop();
    await consumerDb?.drop();
  });

  it('delays events but loses, reorders and doubles none of them', async () => {
    broker = await startDedicatedBroker();
    producerDb = await createTestDatabase('outage_producer');
    consumerDb = await createTestDatabase('outage_consumer');
    producer = await startTestService({ name: 'outage-producer', databaseUrl: producerDb.url, kafka: broker.access });
    consumer = await startTestService({ name: 'outage-consumer', databaseUrl: consumerDb.url, kafka: broker.access, ...RECORDER_FIXTURE });
    const effects = () =>
      consumer.dataSource.query(`SELECT subject_id, name FROM recorded_effect ORDER BY id`) as Promise<{ subject_id: string; name: string }[]>;

    // The pipeline works before the outage.
    await commitRegistration(producer.dataSource, producer.publisher, randomUUID(), 'warm-up');
    await waitFor(effects, (rows) => rows.length === 1, { timeoutMs: 60_000, what: 'the warm-up event' });

    await broker.stop();
    const subjects = Array.from({ length: SUBJECTS }, () => randomUUID());
    for (let i = 0; i < CHANGES; i++) {
      await commitRegistration(producer.dataSource, producer.publisher, subjects[i % SUBJECTS], `seq ${i}`);
    }
    const [{ waiting }] = await producer.dataSource.query(`SELECT count(*)::int AS waiting FROM outbox_message WHERE sent_at IS NULL`);
    expect(waiting).toBe(CHANGES);

    await broker.start();
    await waitFor(effects, (rows) => rows.length >= CHANGES + 1, { timeoutMs: 120_000, intervalMs: 250, what: `${CHANGES} effects` });
    await new Promise((r) => setTimeout(r, 2000));
    const rows = (await effects()).filter((r) => r.name !== 'warm-up');

    expect(rows).toHaveLength(CHANGES);
    expect(new Set(rows.map((r) => r.name)).size).toBe(CHANGES);
    for (const subject of subjects) {
      const sequence = rows.filter((r) => r.subject_id === subject).map((r) => Number(r.name.split(' ')[1]));
      expect(sequence).toHaveLength(CHANGES / SUBJECTS);
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    }
  });
});
