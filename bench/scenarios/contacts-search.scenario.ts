import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { statementsBetween, type StatementStat } from '@sargs/devstack';
import { withDatabase } from '@sargs/testing';
import { measure } from '../support/autocannon-run';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { helloWorld, type HelloWorld } from '../support/hello-world';
import { percentile, round } from '../support/percentile';
import { benchPasswordHash, startPlatformUnderBench, type PlatformUnderBench } from '../support/platform-under-bench';
import type { Figure, Scenario } from '../support/scenario';
import { contactAddress, createOrganization, seedContacts } from '../support/tenant-contacts';

const TENANTS = Number(process.env.BENCH_CONTACT_TENANTS ?? 100);
/** The one large tenant the searches run in (the 100,000 contacts in one organisation). */
const LARGE_TENANT_CONTACTS = Number(process.env.BENCH_LARGE_TENANT_CONTACTS ?? 100_000);
/** Every other tenant's contacts: they share the table and its indexes with the large one. */
const CONTACTS_PER_TENANT = Number(process.env.BENCH_CONTACTS_PER_TENANT ?? 1_000);
const CONNECTIONS = 50;
/** Search SQL rounds: alternating RLS and BYPASSRLS rounds of this many queries each, over one connection each. */
const SQL_ROUNDS = 10;
const SQL_QUERIES_PER_ROUND = 2_000;
const PASSWORD = 'bench contacts passphrase 6120';
const is2xx = (status: number) => status >= 200 && status < 300;

/** The statement contacts runs for `GET /orgs/:id/contacts?email=` (contact.repository.ts, first page). */
const SEARCH_SQL = `SELECT id, kind, name, email, phone, note, created_at FROM contact
  WHERE org_id = $1 AND email = $2 AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
  ORDER BY created_at DESC, id DESC LIMIT $5`;

interface SqlTiming {
  /** Per query, client round trip (BEGIN; set tenant; search; COMMIT), ms. */
  roundTripMs: number[];
  /** Server execution of the search alone (EXPLAIN (ANALYZE, TIMING OFF)'s Execution Time), ms. */
  executionMs: number[];
}

/**
 * The search as the given role: in a transaction with the tenant set (so the role's policies, if
 * any bind it, apply), rotating over addresses of the large tenant. Round trip measured around the
 * whole transaction; execution time read from EXPLAIN ANALYZE on every tenth query.
 */
async function runSearches(url: string, orgId: string, count: number, offset: number, timing: SqlTiming): Promise<void> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    for (let i = 0; i < count; i++) {
      const email = contactAddress(0, 1 + ((offset + i * 7919) % LARGE_TENANT_CONTACTS));
      const started = performance.now();
      await pg.query('BEGIN');
      await pg.query(`SELECT set_config('app.org_id', $1, true)`, [orgId]);
      const { rows } = await pg.query(SEARCH_SQL, [orgId, email, null, null, 51]);
      await pg.query('COMMIT');
      timing.roundTripMs.push(performance.now() - started);
      if (rows.length !== 1) throw new Error(`the search for a seeded address found ${rows.length} rows (RLS or seeding is wrong)`);
      if (i % 10 === 0) {
        // TIMING OFF: per-node clocks would charge the plan with the policy's extra node (a
        // one-time filter on the tenant) for the clock reads themselves, not for its work.
        await pg.query('BEGIN');
        await pg.query(`SELECT set_config('app.org_id', $1, true)`, [orgId]);
        const plan = await pg.query<{ 'QUERY PLAN': { 'Execution Time': number }[] }>(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${SEARCH_SQL}`, [orgId, email, null, null, 51]);
        await pg.query('COMMIT');
        timing.executionMs.push(plan.rows[0]['QUERY PLAN'][0]['Execution Time']);
      }
    }
  } finally {
    await pg.end();
  }
}

/** The search's mean execution and planning as PostgreSQL counted them for the role of `url` (EXPLAIN runs apart). */
function searchTimeOf(counted: readonly StatementStat[], url: string): { execMs: number; planMs: number } {
  const role = new URL(url).username;
  const runs = counted.filter((s) => s.role === role && /^SELECT .* FROM contact\s+WHERE org_id = \$1 AND email = \$2/su.test(s.query));
  const calls = runs.reduce((sum, s) => sum + s.calls, 0);
  if (calls === 0) throw new Error(`pg_stat_statements counted no search by ${role}`);
  return { execMs: runs.reduce((sum, s) => sum + s.execMs, 0) / calls, planMs: runs.reduce((sum, s) => sum + s.planMs, 0) / calls };
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/**
 * A login role like the service's, but with BYPASSRLS: the same query on the same table and
 * indexes, without the policy. Read rights only.
 */
async function bypassRole(platform: PlatformUnderBench): Promise<string> {
  const name = `bench_contacts_bypass_${randomBytes(3).toString('hex')}`;
  const password = randomBytes(18).toString('hex');
  await withDatabase(platform.databaseUrl('contacts'), async (pg) => {
    await pg.query(`CREATE ROLE ${name} LOGIN BYPASSRLS PASSWORD '${password}'`);
    await pg.query(`GRANT SELECT ON contact TO ${name}`);
  });
  const url = new URL(platform.databaseUrl('contacts'));
  url.username = name;
  url.password = password;
  return url.toString();
}

export const contactsSearchScenario: Scenario = {
  name: 'contacts-search',
  description: `GET /api/v1/orgs/:id/contacts?email= through the gateway at ${CONNECTIONS} connections in a tenant of ${LARGE_TENANT_CONTACTS.toLocaleString('en')} contacts among ${TENANTS} tenants (the others ${CONTACTS_PER_TENANT.toLocaleString('en')} each); and the search SQL with row-level security (the service's own role, tenant set) against the same SQL by a BYPASSRLS role`,
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    // contacts logs in as its own role (the table owner), as in production: forced RLS binds it.
    const platform = await startPlatformUnderBench(infra, { services: ['identity', 'profile', 'organizations', 'contacts'], ownRoles: ['contacts'] });
    let hello: HelloWorld | undefined;
    try {
      const [account] = await platform.seedAccounts(1, await benchPasswordHash(PASSWORD));
      await platform.seedProfile(account);
      const token = await platform.login(account.email, PASSWORD);
      const orgIds: string[] = [];
      for (let i = 0; i < TENANTS; i++) orgIds.push(await createOrganization(platform, token, i));
      const large = orgIds[0] as string;
      const seedStarted = performance.now();
      // The large tenant first (position 0: the addresses searched), then the others.
      const totalContacts = await seedContacts(
        platform,
        orgIds.map((orgId, i) => ({ orgId, contacts: i === 0 ? LARGE_TENANT_CONTACTS : CONTACTS_PER_TENANT })),
      );
      console.log(`seeded ${totalContacts} contacts in ${TENANTS} tenants in ${Math.round(performance.now() - seedStarted)} ms`);

      // The service itself finds one, and the search is exact: the gateway path works before it is measured.
      const sample = await platform.api.get(`/orgs/${large}/contacts?email=${encodeURIComponent(contactAddress(0, 42).toUpperCase())}`, { session: token });
      if (sample.status !== 200 || (sample.body as { email: string }[]).map((c) => c.email).join() !== contactAddress(0, 42)) {
        throw new Error(`the search answered ${sample.status} ${sample.text.slice(0, 300)}`);
      }

      let next = 0;
      const search = await measure('GET /orgs/:id/contacts?email=', {
        url: `${platform.apiBase}/orgs/${large}/contacts`,
        connections: CONNECTIONS,
        headers: { cookie: `__Host-sid=${token}` },
        path: () => `/api/v1/orgs/${large}/contacts?email=${encodeURIComponent(contactAddress(0, 1 + ((next++ * 7919) % LARGE_TENANT_CONTACTS)))}`,
        ok: is2xx,
      });
      // The same chain (session and membership, each reused while its feed is connected, then one read in a service) ending in organizations
      // instead: what contacts' search adds to any tenant route.
      const orgRead = await measure('GET /orgs/:id', { url: `${platform.apiBase}/orgs/${large}`, connections: CONNECTIONS, headers: { cookie: `__Host-sid=${token}` }, ok: is2xx });
      // What this machine does at the same concurrency with no work at all: a shared or slow machine shows here too.
      hello = await helloWorld();
      const bare = await measure('hello-world', { url: hello.url, connections: CONNECTIONS, ok: is2xx });

      // ---- RLS overhead: the same SQL, same table and indexes; rounds alternate so neither side gets the warmer cache.
      const bypassUrl = await bypassRole(platform);
      const withRls: SqlTiming = { roundTripMs: [], executionMs: [] };
      const withoutRls: SqlTiming = { roundTripMs: [], executionMs: [] };
      // Warm-up of both (not counted).
      await runSearches(platform.serviceDatabaseUrl('contacts'), large, 500, 1, { roundTripMs: [], executionMs: [] });
      await runSearches(bypassUrl, large, 500, 2, { roundTripMs: [], executionMs: [] });
      const countedBefore = await infra.statements.read();
      for (let r = 0; r < SQL_ROUNDS; r++) {
        const offset = 1000 + r * SQL_QUERIES_PER_ROUND;
        if (r % 2 === 0) {
          await runSearches(platform.serviceDatabaseUrl('contacts'), large, SQL_QUERIES_PER_ROUND, offset, withRls);
          await runSearches(bypassUrl, large, SQL_QUERIES_PER_ROUND, offset, withoutRls);
        } else {
          await runSearches(bypassUrl, large, SQL_QUERIES_PER_ROUND, offset, withoutRls);
          await runSearches(platform.serviceDatabaseUrl('contacts'), large, SQL_QUERIES_PER_ROUND, offset, withRls);
        }
      }
      // PostgreSQL's own count of the same rounds: the executor's time without EXPLAIN's per-node instruments.
      const counted = statementsBetween(countedBefore, await infra.statements.read());
      const serverSide = { withRls: searchTimeOf(counted, platform.serviceDatabaseUrl('contacts')), withoutRls: searchTimeOf(counted, bypassUrl) };
      const overheadOf = (withPolicy: number, without: number) => round(((withPolicy - without) / without) * 100);
      const overhead = (a: number[], b: number[]) => overheadOf(mean(a), mean(b));
      console.log(
        `search SQL: RLS round trip mean ${mean(withRls.roundTripMs).toFixed(3)} ms, execution mean ${mean(withRls.executionMs).toFixed(4)} ms; ` +
          `BYPASSRLS round trip mean ${mean(withoutRls.roundTripMs).toFixed(3)} ms, execution mean ${mean(withoutRls.executionMs).toFixed(4)} ms`,
      );

      return [
        { name: 'GET contacts?email= rate', value: round(search.okPerSecond), unit: 'req/s', baseline: { name: 'GET /orgs/:id, the same tenant-route chain ending in organizations', value: round(orgRead.okPerSecond) } },
        { name: 'hello-world rate', value: round(bare.okPerSecond), unit: 'req/s' },
        { name: 'GET contacts?email= p50', value: round(percentile(search.okLatenciesMs, 50)), unit: 'ms', baseline: { name: 'hello-world p50', value: round(percentile(bare.okLatenciesMs, 50)) } },
        {
          name: 'GET contacts?email= p99',
          value: round(percentile(search.okLatenciesMs, 99)),
          unit: 'ms',
          target: { op: '<', value: 20 },
          baseline: { name: 'GET /orgs/:id p99', value: round(percentile(orgRead.okLatenciesMs, 99)) },
        },
        { name: 'hello-world p99', value: round(percentile(bare.okLatenciesMs, 99)), unit: 'ms' },
        { name: 'non-2xx answers and errors', value: round(search.failedShare * 100, 2), unit: '%', target: { op: '<', value: 1 } },
        {
          name: 'search SQL execution, RLS (service role, tenant set), mean',
          value: round(mean(withRls.executionMs), 4),
          unit: 'ms',
          baseline: { name: 'same SQL, BYPASSRLS role', value: round(mean(withoutRls.executionMs), 4) },
        },
        { name: 'RLS overhead on the search SQL execution', value: overhead(withRls.executionMs, withoutRls.executionMs), unit: '%', target: { op: '<', value: 10 } },
        {
          name: 'search SQL execution as PostgreSQL counts it (pg_stat_statements), RLS, mean',
          value: round(serverSide.withRls.execMs, 4),
          unit: 'ms',
          baseline: { name: 'same SQL, BYPASSRLS role', value: round(serverSide.withoutRls.execMs, 4) },
        },
        { name: 'RLS overhead on the search SQL execution (pg_stat_statements)', value: overheadOf(serverSide.withRls.execMs, serverSide.withoutRls.execMs), unit: '%', target: { op: '<', value: 10 } },
        {
          name: 'search SQL planning (pg_stat_statements), RLS, mean',
          value: round(serverSide.withRls.planMs, 4),
          unit: 'ms',
          baseline: { name: 'same SQL, BYPASSRLS role', value: round(serverSide.withoutRls.planMs, 4) },
        },
        {
          name: 'search SQL round trip (BEGIN, set tenant, search, COMMIT), RLS, mean',
          value: round(mean(withRls.roundTripMs), 3),
          unit: 'ms',
          baseline: { name: 'same, BYPASSRLS role', value: round(mean(withoutRls.roundTripMs), 3) },
        },
        { name: 'RLS overhead on the search round trip', value: overhead(withRls.roundTripMs, withoutRls.roundTripMs), unit: '%', target: { op: '<', value: 10 } },
        { name: 'contacts in the table (all tenants)', value: totalContacts, unit: 'rows' },
      ];
    } finally {
      if (hello) await hello.child.stop();
      await platform.stop();
    }
  },
};
