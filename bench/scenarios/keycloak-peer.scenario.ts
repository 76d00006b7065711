import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { ensureDevCertificate } from '@sargs/devstack';
import { ARGON2_FLOOR } from '../../apps/identity/src/config/app-config';
import { assertReliable, describeLoad, runLoad, type LoadResult, type LoadSpec } from '../support/autocannon-run';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { assertStoredArgon2Cost, buildKeycloak, ensureKeycloakDistribution, KEYCLOAK_HEAP, KEYCLOAK_VERSION, startKeycloak } from '../support/keycloak';
import { percentile, round } from '../support/percentile';
import { benchPasswordHash, startPlatformUnderBench } from '../support/platform-under-bench';
import { rssMb, sampleMemory } from '../support/process-stats';
import type { Figure, Scenario } from '../support/scenario';

const LOGIN_CONNECTIONS = 32;
const READ_CONNECTIONS = 100;
/** Logins rotate over this many accounts on both sides. */
const ACCOUNTS = 200;
/**
 * Warm-up in chunks until two in a row run at rates within STEADY_WITHIN of each other (at least
 * the minimum, at most the maximum): the JVM's JIT took more than 10 s under a busy machine to
 * reach its userinfo rate, which a fixed 10 s warm-up then measured as a tenth of it. The same
 * rule on both sides.
 */
const WARM_UP_CHUNK_SECONDS = 5;
const WARM_UP_MIN_SECONDS = 10;
const WARM_UP_MAX_SECONDS = 60;
const STEADY_WITHIN = 0.1;
const MEASURED_SECONDS = 15;
/** Answers still owed to the warm-up's last requests (argon2 work queued) drain before the measured run. */
const DRAIN_MS = 5_000;
/** A login queued behind 31 others on a busy 2-core machine can take seconds: late is slow, not failed. */
const TIMEOUT_SECONDS = 60;
const IDLE_MS = 10_000;
const PASSWORD = 'bench peer passphrase 4471';
const REALM = 'bench';
const CLIENT_ID = 'bench-cli';
/** BENCH_KEYCLOAK_TLS=off serves Keycloak on plain HTTP (the gateway is HTTPS only). */
const KEYCLOAK_TLS = process.env.BENCH_KEYCLOAK_TLS !== 'off';
const root = path.resolve(__dirname, '../..');
const is200 = (status: number) => status === 200;

interface SideFigures {
  logins: LoadResult;
  reads: LoadResult;
}

interface KeycloakFigures extends SideFigures {
  idleRssMb: number;
  peakRssMb: number;
}

const steady = (rates: number[]) => {
  const [before, last] = rates.slice(-2);
  return rates.length >= 2 && Math.abs(last - before) <= STEADY_WITHIN * Math.max(before, last);
};

/** Warm-up until steady (not counted), a pause for its backlog, then the measured run; more than 1% failures throws. */
async function warmThenMeasure(what: string, spec: Omit<LoadSpec, 'seconds' | 'timeoutSeconds'>): Promise<LoadResult> {
  const load = { ...spec, timeoutSeconds: TIMEOUT_SECONDS };
  const rates: number[] = [];
  let failed = 0;
  let seconds = 0;
  while (seconds < WARM_UP_MAX_SECONDS && !(seconds >= WARM_UP_MIN_SECONDS && steady(rates))) {
    const chunk = await runLoad({ ...load, seconds: WARM_UP_CHUNK_SECONDS });
    rates.push(chunk.okPerSecond);
    failed += chunk.failed;
    seconds += WARM_UP_CHUNK_SECONDS;
  }
  console.log(`${what} warm-up: ${seconds} s at ${rates.map((r) => Math.round(r)).join(', ')} /s per ${WARM_UP_CHUNK_SECONDS} s (${failed} failed, not counted)`);
  await new Promise((r) => setTimeout(r, DRAIN_MS));
  const result = await runLoad({ ...load, seconds: MEASURED_SECONDS });
  // The machine may be shared: its load says how far to trust the figure.
  console.log(`${what}: ${describeLoad(result)}; 1-min load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  assertReliable(what, result);
  return result;
}

const emailOf = (i: number) => `peer-${i}@example.test`;
const p99 = (r: LoadResult) => round(percentile(r.okLatenciesMs, 99));

async function measureKeycloak(infra: BenchInfrastructure): Promise<KeycloakFigures> {
  const log = (m: string) => console.log(m);
  const home = await ensureKeycloakDistribution(log);
  buildKeycloak(home, log);
  const databaseUrl = await infra.createDatabase('bench_keycloak');
  const certificate = KEYCLOAK_TLS ? ensureDevCertificate(path.join(root, '.data', 'tls')) : undefined;
  const keycloak = await startKeycloak({ home, databaseUrl, certificate, argon2: ARGON2_FLOOR, log });
  try {
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idleRssMb = rssMb(keycloak.javaPid);
    console.log(`Keycloak ${KEYCLOAK_VERSION} on ${keycloak.baseUrl}, idle RSS ${round(idleRssMb)} MB`);

    const users = Array.from({ length: ACCOUNTS }, (_, i) => ({ username: emailOf(i + 1), email: emailOf(i + 1), firstName: 'Bench', lastName: `Person ${i + 1}` }));
    await keycloak.admin.createRealm({ realm: REALM, clientId: CLIENT_ID, users, password: PASSWORD });
    const checked = await assertStoredArgon2Cost(databaseUrl, REALM, ARGON2_FLOOR);
    if (checked !== ACCOUNTS) throw new Error(`Keycloak stored ${checked} password credentials, not ${ACCOUNTS}`);
    console.log(`Keycloak: ${checked} users, each password stored as argon2id m=${ARGON2_FLOOR.memoryKib} t=${ARGON2_FLOOR.timeCost} p=${ARGON2_FLOOR.parallelism}`);

    const memory = sampleMemory(keycloak.javaPid);
    const tokenUrl = `${keycloak.baseUrl}/realms/${REALM}/protocol/openid-connect/token`;
    let next = 0;
    // No scope=openid: access and refresh token only, Keycloak's least work for a password login.
    const logins = await warmThenMeasure(
      'Keycloak password grant',
      {
        url: tokenUrl,
        connections: LOGIN_CONNECTIONS,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: () => new URLSearchParams({ grant_type: 'password', client_id: CLIENT_ID, username: emailOf((next++ % ACCOUNTS) + 1), password: PASSWORD }).toString(),
        ok: is200,
      },
    );
    // A login may rehash a credential whose cost differs from the provider's: none may have been.
    await assertStoredArgon2Cost(databaseUrl, REALM, ARGON2_FLOOR);

    // userinfo needs a token with the openid scope.
    const { body: grant } = await keycloak.admin.tokenRequest(REALM, { grant_type: 'password', client_id: CLIENT_ID, username: emailOf(1), password: PASSWORD, scope: 'openid' });
    const authorization = `Bearer ${grant.access_token}`;
    const sample = await keycloak.admin.call<{ email?: string }>('GET', `/realms/${REALM}/protocol/openid-connect/userinfo`, undefined, { authorization });
    if (sample.body.email !== emailOf(1)) throw new Error(`Keycloak userinfo answered ${JSON.stringify(sample.body)}, not the user ${emailOf(1)}`);
    const reads = await warmThenMeasure(
      'Keycloak userinfo',
      { url: `${keycloak.baseUrl}/realms/${REALM}/protocol/openid-connect/userinfo`, connections: READ_CONNECTIONS, headers: { authorization }, ok: is200 },
    );
    const peakRssMb = memory.peakMb();
    memory.stop();
    return { logins, reads, idleRssMb, peakRssMb };
  } catch (err) {
    throw new Error(`${(err as Error).message}\nKeycloak's log errors:\n${keycloak.logErrors()}`, { cause: err });
  } finally {
    await keycloak.stop();
  }
}

async function measureSargs(infra: BenchInfrastructure): Promise<SideFigures> {
  const hash = await benchPasswordHash(PASSWORD);
  const platform = await startPlatformUnderBench(infra);
  try {
    const accounts = await platform.seedAccounts(ACCOUNTS, hash);
    await platform.seedProfile(accounts[0]);
    let next = 0;
    const logins = await warmThenMeasure(
      'Sargs POST /sessions',
      {
        url: `${platform.apiBase}/sessions`,
        connections: LOGIN_CONNECTIONS,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: () => JSON.stringify({ email: accounts[next++ % accounts.length].email, password: PASSWORD }),
        ok: is200,
      },
    );

    const token = await platform.login(accounts[0].email, PASSWORD);
    const sample = await platform.api.get('/me', { session: token });
    if (sample.status !== 200 || (sample.body as { id?: unknown } | undefined)?.id !== accounts[0].id) {
      throw new Error(`GET /me answered ${sample.status} ${sample.text}, not the seeded account ${accounts[0].id}`);
    }
    const reads = await warmThenMeasure(
      'Sargs GET /me',
      { url: `${platform.apiBase}/me`, connections: READ_CONNECTIONS, headers: { cookie: `__Host-sid=${token}` }, ok: is200 },
    );
    return { logins, reads };
  } finally {
    await platform.stop();
  }
}

export const keycloakPeerScenario: Scenario = {
  name: 'keycloak-peer',
  description:
    `Keycloak ${KEYCLOAK_VERSION} (Java 21+, heap ${KEYCLOAK_HEAP}, PostgreSQL, production mode, ${KEYCLOAK_TLS ? 'HTTPS' : 'plain HTTP, while Sargs is on HTTPS'}) against Sargs through the gateway (HTTPS): ` +
    `password logins/s at ${LOGIN_CONNECTIONS} connections over ${ACCOUNTS} accounts (password grant vs POST /api/v1/sessions) and authenticated reads/s at ${READ_CONNECTIONS} connections ` +
    `(userinfo with a bearer token vs GET /api/v1/me with the session cookie); argon2id m=${ARGON2_FLOOR.memoryKib} t=${ARGON2_FLOOR.timeCost} p=${ARGON2_FLOOR.parallelism} on both; ` +
    'Keycloak first and stopped, then Sargs, so they never share the cores',
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    // One after the other: each has the machine's cores to itself.
    const keycloak = await measureKeycloak(infra);
    const sargs = await measureSargs(infra);

    const keycloakLogins = { name: `Keycloak ${KEYCLOAK_VERSION} password grant`, value: round(keycloak.logins.okPerSecond) };
    const keycloakReads = { name: `Keycloak ${KEYCLOAK_VERSION} userinfo`, value: round(keycloak.reads.okPerSecond) };
    return [
      { name: 'Keycloak password grants (200 only)', value: keycloakLogins.value, unit: 'logins/s' },
      { name: 'Sargs logins (200 only)', value: round(sargs.logins.okPerSecond), unit: 'logins/s', baseline: keycloakLogins },
      { name: 'Sargs logins / Keycloak logins', value: round((sargs.logins.okPerSecond / keycloak.logins.okPerSecond) * 100), unit: '%', target: { op: '>=', value: 100 } },
      { name: 'Keycloak login p99', value: p99(keycloak.logins), unit: 'ms' },
      { name: 'Sargs login p99', value: p99(sargs.logins), unit: 'ms', baseline: { name: 'Keycloak login p99', value: p99(keycloak.logins) } },
      { name: 'Keycloak userinfo (200 only)', value: keycloakReads.value, unit: 'req/s' },
      { name: 'Sargs GET /me (200 only)', value: round(sargs.reads.okPerSecond), unit: 'req/s', baseline: keycloakReads },
      { name: 'Sargs GET /me / Keycloak userinfo', value: round((sargs.reads.okPerSecond / keycloak.reads.okPerSecond) * 100), unit: '%', target: { op: '>=', value: 100 } },
      { name: 'Keycloak userinfo p99', value: p99(keycloak.reads), unit: 'ms' },
      { name: 'Sargs GET /me p99', value: p99(sargs.reads), unit: 'ms', baseline: { name: 'Keycloak userinfo p99', value: p99(keycloak.reads) } },
      { name: 'Keycloak idle RSS (informational)', value: round(keycloak.idleRssMb), unit: 'MB' },
      { name: 'Keycloak peak RSS under load (informational)', value: round(keycloak.peakRssMb), unit: 'MB' },
    ];
  },
};
