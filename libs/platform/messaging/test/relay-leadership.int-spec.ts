import { randomUUID } from 'node:crypto';
import { createTestDatabase, startTestService, waitFor, type TestDatabase, type TestService } from '@sargs/testing';
import { commitRegistration } from './support/account-events';
import { RECORDER_FIXTURE } from './support/recorded-effect';

/** The relay's advisory lock key (outbox-relay.ts). */
const RELAY_LOCK_KEY = 727_002;

describe('two instances of one service', () => {
  let producerDb: TestDatabase;
  let consumerDb: TestDatabase;
  let leader: TestService;
  let follower: TestService;
  let consumer: TestService;

  afterAll(async () => {
    for (const s of [leader, follower, consumer]) await s?.close().catch(() => undefined);
    await producerDb?.drop();
    await consumerDb?.drop();
  });

  it('relay one at a time, and the other takes over when the leader stops', async () => {
    const run = randomUUID().slice(0, 8);
    producerDb = await createTestDatabase('leader_producer');
    consumerDb = await createTestDatabase('leader_consumer');
    consumer = await startTestService({ name: `leader-consumer-${run}`, databaseUrl: consumerDb.url, ...RECORDER_FIXTURE });
    const relayLocks = async () =>
      (
        await consumer.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE l.locktype = 'advisory' AND l.objid = $1 AND l.granted AND d.datname = $2`,
          [RELAY_LOCK_KEY, producerDb.name],
        )
      )[0].n as number;

    // The first instance leads; the second starts while it does.
    leader = await startTestService({ name: `leader-${run}`, databaseUrl: producerDb.url });
    await waitFor(relayLocks, (n) => n === 1, { what: 'the first relay to lead' });
    follower = await startTestService({ name: `leader-${run}`, databaseUrl: producerDb.url });

    const subject = randomUUID();
    const effects = () =>
      consumer.dataSource.query(`SELECT name FROM recorded_effect WHERE subject_id = $1 ORDER BY id`, [subject]) as Promise<{ name: string }[]>;
    // Both instances take writes; only the leader relays them, in commit order.
    for (let i = 0; i < 50; i++) {
      const writer = i % 2 ? follower : leader;
      await commitRegistration(writer.dataSource, writer.publisher, subject, `seq ${i}`);
    }
    await waitFor(effects, (rows) => rows.length === 50, { what: 'the first 50 effects' });
    expect(await relayLocks()).toBe(1);

    await leader.close();
    for (let i = 50; i < 100; i++) await commitRegistration(follower.dataSource, follower.publisher, subject, `seq ${i}`);
    const rows = await waitFor(effects, (r) => r.length >= 100, { timeoutMs: 60_000, what: 'the effects after the takeover' });
    expect(rows.map((r) => r.name)).toEqual(Array.from({ length: 100 }, (_, i) => `seq ${i}`));
    expect(await relayLocks()).toBe(1);
  });
});
