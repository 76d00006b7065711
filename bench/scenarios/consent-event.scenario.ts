import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AccountRegistered } from '@sargs/contracts';
import { startTestService, waitFor, withDatabase, type TestService } from '@sargs/testing';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { percentile, round } from '../support/percentile';
import { benchPasswordHash, startPlatformUnderBench, type PlatformUnderBench, type SeededAccount } from '../support/platform-under-bench';
import type { Figure, Scenario } from '../support/scenario';
import { arrivalKey, ConsentArrivals, type Arrival } from './consent-arrivals';

const ACCOUNTS = 10;
/** Each account toggles every PERIOD_MS, the accounts staggered over it: ACCOUNTS * 1000 / PERIOD_MS changes/s. */
const PERIOD_MS = 500;
const WARM_UP_SECONDS = 3;
const SECONDS = 15;
const ARRIVAL_TIMEOUT_MS = 10_000;
const PASSWORD = 'bench consent passphrase 4471';
const PURPOSE_PATH = '/me/consents/marketing-email';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Person extends SeededAccount {
  token: string;
  /** The last sequence of the person's ledger and the state in force. */
  sequence: number;
  granted: boolean;
}

interface Change {
  accountId: string;
  sequence: number;
  granted: boolean;
  sentAt: number;
  answeredMs: number;
  /** The PUT answer's `updatedAt`: the record's time, which the event carries as `at`. */
  recordedAt: string;
  counted: boolean;
}

/** What identity would publish at sign-up, one AccountRegistered per account, in one transaction. */
async function register(bench: TestService, accounts: SeededAccount[], policyVersion: string): Promise<void> {
  await bench.dataSource.transaction(async (manager) => {
    for (const a of accounts) {
      await bench.publisher.publish(manager, AccountRegistered, a.id, {
        accountId: a.id,
        email: a.email,
        name: a.name,
        language: 'en',
        acceptedPolicyVersion: policyVersion,
        marketingEmails: false,
        registeredAt: new Date().toISOString(),
      });
    }
  });
}

/** Logs in and waits until consent holds the sign-up record (before it, GET answers 200 with an empty ledger). */
async function signIn(platform: PlatformUnderBench, account: SeededAccount): Promise<Person> {
  const token = await platform.login(account.email, PASSWORD);
  const answer = await waitFor(
    () => platform.api.get('/me/consents', { session: token }),
    (r) => r.status === 200 && ((r.body as { history?: unknown[] } | undefined)?.history?.length ?? 0) > 0,
    { timeoutMs: 60_000, intervalMs: 100, what: `consent to know ${account.id}` },
  );
  const view = answer.body as { purposes: { purpose: string; granted: boolean }[]; history: unknown[] };
  const granted = view.purposes.find((p) => p.purpose === 'marketing-email')?.granted ?? false;
  return { ...account, token, sequence: view.history.length, granted };
}

/** Every account flips its consent every PERIOD_MS (so each PUT changes the state and appends a record). */
async function drive(platform: PlatformUnderBench, people: Person[]): Promise<Change[]> {
  const changes: Change[] = [];
  const started = Date.now() + 100;
  const measuredFrom = started + WARM_UP_SECONDS * 1000;
  const end = measuredFrom + SECONDS * 1000;
  await Promise.all(
    people.map(async (person, i) => {
      for (let due = started + (i * PERIOD_MS) / people.length; due < end; due += PERIOD_MS) {
        if (due > Date.now()) await sleep(due - Date.now());
        const granted = !person.granted;
        const sentAt = Date.now();
        const t0 = performance.now();
        const answer = await platform.api.put(PURPOSE_PATH, { granted }, { session: person.token });
        const answeredMs = performance.now() - t0;
        const state = answer.body as { granted?: boolean; updatedAt?: string } | undefined;
        if (answer.status !== 200 || state?.granted !== granted || !state.updatedAt) {
          throw new Error(`PUT ${PURPOSE_PATH} {granted: ${granted}} answered ${answer.status}: ${answer.text}`);
        }
        person.granted = granted;
        person.sequence += 1;
        changes.push({ accountId: person.id, sequence: person.sequence, granted, sentAt, answeredMs, recordedAt: state.updatedAt, counted: due >= measuredFrom });
      }
    }),
  );
  return changes;
}

/** Waits up to ARRIVAL_TIMEOUT_MS after the last PUT; any change not seen, late or different fails the scenario. */
async function awaitArrivals(arrived: Map<string, Arrival>, changes: Change[]): Promise<Arrival[]> {
  const deadline = Math.max(...changes.map((c) => c.sentAt)) + ARRIVAL_TIMEOUT_MS;
  while (changes.some((c) => !arrived.has(arrivalKey(c.accountId, c.sequence))) && Date.now() < deadline) await sleep(20);
  const problems: string[] = [];
  const arrivals = changes.map((c) => {
    const a = arrived.get(arrivalKey(c.accountId, c.sequence));
    if (!a) problems.push(`${arrivalKey(c.accountId, c.sequence)} never arrived`);
    else if (a.at - c.sentAt > ARRIVAL_TIMEOUT_MS) problems.push(`${arrivalKey(c.accountId, c.sequence)} arrived after ${a.at - c.sentAt} ms`);
    else if (a.granted !== c.granted || a.recordedAt !== c.recordedAt || a.method !== 'account-page') {
      problems.push(`${arrivalKey(c.accountId, c.sequence)} is ${JSON.stringify(a)}, not the PUT's ${JSON.stringify(c)}`);
    }
    return a as Arrival;
  });
  if (problems.length > 0) {
    throw new Error(`${problems.length} of ${changes.length} consent changes did not reach the consumer as sent within ${ARRIVAL_TIMEOUT_MS} ms: ${problems.slice(0, 5).join('; ')}`);
  }
  return arrivals;
}

/** When consent's relay marked each event sent (after Kafka acknowledged it), by event id. */
async function relayedAt(platform: PlatformUnderBench, eventIds: string[]): Promise<Map<string, number>> {
  const rows = await withDatabase(platform.databaseUrl('consent'), async (pg) =>
    (await pg.query<{ event_id: string; at: string | null }>(`SELECT event_id, extract(epoch FROM sent_at) * 1000 AS at FROM outbox_message WHERE event_id = ANY($1::uuid[])`, [eventIds])).rows,
  );
  return new Map(rows.filter((r) => r.at !== null).map((r) => [r.event_id, Number(r.at)]));
}

export const consentEventScenario: Scenario = {
  name: 'consent-event',
  description: `PUT ${PURPOSE_PATH} through the gateway to ConsentChanged in a consumer, ${(ACCOUNTS * 1000) / PERIOD_MS} changes/s over ${ACCOUNTS} accounts`,
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const platform = await startPlatformUnderBench(infra, { services: ['identity', 'profile', 'consent'] });
    let bench: TestService | undefined;
    try {
      // Its own consumer group (sargs-<name>) and database: a consumer as notifications would be.
      const watcher = `bench-consent-watch-${randomUUID().slice(0, 8)}`;
      await infra.startFromNow([watcher]);
      bench = await startTestService({
        name: watcher,
        databaseUrl: await infra.createDatabase('bench_consent_watch'),
        kafka: infra.kafka,
        controllers: [ConsentArrivals],
      });
      const { arrived } = bench.context.get(ConsentArrivals);
      const policy = await waitFor(() => platform.api.get('/policies/privacy'), (r) => r.status === 200, { timeoutMs: 30_000, what: 'the seeded privacy policy' });
      const { version } = policy.body as { version: string };

      const accounts = await platform.seedAccounts(ACCOUNTS, await benchPasswordHash(PASSWORD));
      await register(bench, accounts, version);
      const people = await Promise.all(accounts.map((a) => signIn(platform, a)));
      // The sign-up records' events reaching the bench consumer: its group has joined and reads.
      await waitFor(async () => people.filter((p) => arrived.has(arrivalKey(p.id, p.sequence))).length, (n) => n === ACCOUNTS, {
        timeoutMs: 60_000,
        what: 'the sign-up ConsentChanged events at the bench consumer',
      });

      const changes = await drive(platform, people);
      const arrivals = await awaitArrivals(arrived, changes);
      const measured = changes.map((c, i) => ({ c, a: arrivals[i] })).filter(({ c }) => c.counted);
      const latencies = measured.map(({ c, a }) => a.at - c.sentAt);
      const puts = measured.map(({ c }) => c.answeredMs);
      const relayed = await relayedAt(platform, measured.map(({ a }) => a.eventId));
      const relayLatencies = measured.filter(({ a }) => relayed.has(a.eventId)).map(({ c, a }) => (relayed.get(a.eventId) as number) - c.sentAt);
      console.log(`consent changes: ${changes.length} sent (${measured.length} measured), all arrived; ${relayLatencies.length} marked relayed`);

      const putBaseline = (p: number) => ({ name: 'the PUT alone (HTTP answer through the gateway)', value: round(percentile(puts, p)) });
      return [
        { name: 'changes measured', value: measured.length, unit: 'changes' },
        { name: 'change rate achieved', value: round(measured.length / SECONDS), unit: 'changes/s' },
        { name: 'PUT to event in consumer p50', value: round(percentile(latencies, 50)), unit: 'ms', baseline: putBaseline(50) },
        { name: 'PUT to event in consumer p99', value: round(percentile(latencies, 99)), unit: 'ms', target: { op: '<', value: 200 }, baseline: putBaseline(99) },
        { name: 'PUT to event in consumer max', value: round(Math.max(...latencies)), unit: 'ms' },
        { name: 'PUT to marked relayed p99 (part of the above)', value: round(percentile(relayLatencies, 99)), unit: 'ms' },
      ];
    } finally {
      await bench?.close().catch((err: Error) => console.error(`closing the bench consumer: ${err.message}`));
      await platform.stop();
    }
  },
};
