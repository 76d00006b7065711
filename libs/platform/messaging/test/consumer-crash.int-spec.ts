import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, startTestService, testKafkaBrokers, waitFor, type TestDatabase, type TestService } from '@sargs/testing';
import { commitRegistration } from './support/account-events';

const EVENTS = 600;
const SUBJECTS = 12;
const root = path.resolve(__dirname, '../../../..');

function startConsumerProcess(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'support/consumer-process.ts')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('a consumer killed mid-batch', () => {
  let producerDb: TestDatabase;
  let consumerDb: TestDatabase;
  let producer: TestService;
  let reader: Client;
  let child: ChildProcess | undefined;

  afterAll(async () => {
    child?.kill('SIGKILL');
    await producer?.close();
    await reader?.end();
    await producerDb?.drop();
    await consumerDb?.drop();
  });

  it('loses nothing and doubles nothing after SIGKILL and restart', async () => {
    const run = randomUUID().slice(0, 8);
    producerDb = await createTestDatabase('crash_producer');
    consumerDb = await createTestDatabase('crash_consumer');
    producer = await startTestService({ name: `crash-producer-${run}`, databaseUrl: producerDb.url });

    const subjects = Array.from({ length: SUBJECTS }, () => randomUUID());
    for (let i = 0; i < EVENTS; i++) {
      await commitRegistration(producer.dataSource, producer.publisher, subjects[i % SUBJECTS], `seq ${i}`);
    }

    const env = {
      TEST_SERVICE_NAME: `crash-consumer-${run}`,
      TEST_DATABASE_URL: consumerDb.url,
      TEST_KAFKA_BROKERS: testKafkaBrokers(),
    };
    // The consumer's database, read through a connection of our own (the table appears once it migrates).
    reader = new Client({ connectionString: consumerDb.url });
    await reader.connect();
    const countEffects = async (): Promise<{ n: number; distinct_events: number }> => {
      const { rows } = await reader.query(
        `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_events FROM recorded_effect WHERE subject_id = ANY($1)`,
        [subjects],
      ).catch(() => ({ rows: [{ n: 0, distinct_events: 0 }] }));
      return rows[0];
    };

    child = startConsumerProcess(env);
    const partial = await waitFor(countEffects, (c) => c.n >= 50, { timeoutMs: 60_000, intervalMs: 20, what: 'the first effects' });
    child.kill('SIGKILL');
    await exited(child);
    expect(partial.n).toBeLessThan(EVENTS);

    child = startConsumerProcess(env);
    const final = await waitFor(countEffects, (c) => c.n >= EVENTS, { timeoutMs: 90_000, what: `${EVENTS} effects` });
    // Give a would-be redelivery time to show up as a double effect.
    await new Promise((r) => setTimeout(r, 2000));
    const settled = await countEffects();
    expect(final.n).toBe(EVENTS);
    expect(settled).toEqual({ n: EVENTS, distinct_events: EVENTS });
    child.kill('SIGTERM');
    await exited(child);
  });
});
