import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { TOPICS } from '@sargs/contracts';
import { createTestDatabase, startTestService, testKafkaAccess, waitFor, type TestDatabase, type TestService } from '@sargs/testing';
import { kafkaClientConfig } from '../src/kafka-access';
import { consumerGroupOf } from '../src';
import { commitRegistration } from './support/account-events';
import { RECORDER_FIXTURE, RecordedEffect } from './support/recorded-effect';

const EVENTS = 40;

/**
 * The consumer commits offsets itself (not after every batch, as kafkajs's autoCommit would): these
 * check the two moments a commit must not wait for the next batch, because whatever reads the
 * group's committed offsets (a restore's replay barrier, a restart) would otherwise see the
 * consumer behind what it has handled.
 */
describe('a consumer committing the offsets it handled', () => {
  const admin: Admin = new Kafka({ ...kafkaClientConfig(testKafkaAccess(), 'test-offset-commits'), logLevel: logLevel.NOTHING }).admin();
  const databases: TestDatabase[] = [];
  const services: TestService[] = [];
  const run = randomUUID().slice(0, 8);
  let producer: TestService;

  beforeAll(async () => {
    await admin.connect();
    const db = await createTestDatabase('commits_producer');
    databases.push(db);
    producer = await startTestService({ name: `commits-producer-${run}`, databaseUrl: db.url });
    services.push(producer);
  });

  afterAll(async () => {
    for (const service of services) await service.close().catch(() => undefined);
    for (const db of databases) await db.drop().catch(() => undefined);
    await admin.disconnect();
  });

  async function startConsumer(name: string): Promise<{ consumer: TestService; group: string }> {
    const db = await createTestDatabase(`commits_${name}`);
    databases.push(db);
    const serviceName = `commits-${name}-${run}`;
    const consumer = await startTestService({ name: serviceName, databaseUrl: db.url, ...RECORDER_FIXTURE });
    services.push(consumer);
    return { consumer, group: consumerGroupOf(serviceName) };
  }

  /** Publishes a burst and waits for its effects; per partition, the offset after the last of them (what a commit must reach). */
  async function burstHandledBy(consumer: TestService): Promise<Map<number, bigint>> {
    const subjects = Array.from({ length: EVENTS }, () => randomUUID());
    for (const subject of subjects) await commitRegistration(producer.dataSource, producer.publisher, subject, 'burst');
    const effects = await waitFor(
      () => consumer.dataSource.getRepository(RecordedEffect).createQueryBuilder('e').where('e.subject_id = ANY(:subjects)', { subjects }).getMany(),
      (rows) => rows.length >= EVENTS,
      { timeoutMs: 60_000, what: 'the burst handled' },
    );
    const next = new Map<number, bigint>();
    for (const e of effects) {
      const after = BigInt(e.kafkaOffset as string) + 1n;
      if (after > (next.get(e.partition as number) ?? 0n)) next.set(e.partition as number, after);
    }
    return next;
  }

  async function committedOf(group: string): Promise<Map<number, bigint>> {
    const [topic] = await admin.fetchOffsets({ groupId: group, topics: [TOPICS.identityAccount] });
    return new Map(topic.partitions.map((p) => [p.partition, BigInt(p.offset)]));
  }

  const behind = (committed: Map<number, bigint>, handled: Map<number, bigint>) =>
    [...handled].filter(([partition, offset]) => (committed.get(partition) ?? -1n) < offset).map(([partition]) => partition);

  it('commits a burst’s offsets within a few seconds of its last batch, with nothing after it to carry them', async () => {
    const { consumer, group } = await startConsumer('running');
    const handled = await burstHandledBy(consumer);
    expect(handled.size).toBeGreaterThan(0);
    // Five intervals of margin on a busy machine; without the trailing commit they would wait for whatever batch came next.
    const committed = waitFor(async () => behind(await committedOf(group), handled), (partitions) => partitions.length === 0, {
      timeoutMs: 5_000,
      intervalMs: 100,
      what: 'the handled offsets committed',
    });
    await expect(committed).resolves.toEqual([]);
  });

  it('commits what it handled when it stops, without waiting for the interval', async () => {
    const { consumer, group } = await startConsumer('stopping');
    const handled = await burstHandledBy(consumer);
    await consumer.close();
    expect(behind(await committedOf(group), handled)).toEqual([]);
  });
});
