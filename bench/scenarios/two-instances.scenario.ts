import { createHash } from 'node:crypto';
import { sessionCookie, waitFor, withDatabase } from '@sargs/testing';
import { assertReliable, describeLoad, runLoad, type LoadResult } from '../support/autocannon-run';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { percentile, round } from '../support/percentile';
import { benchPasswordHash, startPlatformUnderBench, type GatewayInstance, type PlatformUnderBench, type SeededAccount } from '../support/platform-under-bench';
import type { Figure, Scenario } from '../support/scenario';

/** Connections in all: to the one gateway, or half to each of the two. */
const CLIENTS = 16;
/** Logins rotate over this many accounts (as in the login scenario). */
const ACCOUNTS = 200;
const WARM_UP_SECONDS = 3;
const LOGIN_SECONDS = 12;
/** The counted phase: every account logs in once through each gateway at the same moment. */
const COUNTED_CONCURRENCY_PER_GATEWAY = 8;
const QUIET_TIMEOUT_MS = 30_000;
const PASSWORD = 'bench two instances passphrase 4417';

interface IdentityState {
  sessions: number;
  /** Highest outbox id so far: identity's events and audit entries all go through its outbox. */
  outboxMaxId: string;
  /** Per seeded account: what a login must never change. */
  accounts: Map<string, string>;
}

interface ThrottleLeft {
  /** Attempts still reserved on the client's budget (every successful login gives its one back). */
  clientAttempts: number;
  /** Per-account counters left (a successful login forgets them). */
  accountCounters: number;
}

const sha256 = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

function identityState(platform: PlatformUnderBench): Promise<IdentityState> {
  return withDatabase(platform.databaseUrl('identity'), async (pg) => {
    const sessions = await pg.query<{ n: string }>('SELECT count(*) AS n FROM session');
    const outbox = await pg.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM outbox_message');
    const accounts = await pg.query<{ id: string; state: string }>(
      `SELECT id, concat_ws('|', status, credential_version, password_hash, email_verified_at, closed_at) AS state FROM account WHERE email LIKE 'bench-%'`,
    );
    return { sessions: Number(sessions.rows[0].n), outboxMaxId: outbox.rows[0].id, accounts: new Map(accounts.rows.map((r) => [r.id, r.state])) };
  });
}

function throttleLeft(platform: PlatformUnderBench): Promise<ThrottleLeft> {
  return withDatabase(platform.databaseUrl('identity'), async (pg) => {
    const { rows } = await pg.query<{ client: string; accounts: string }>(
      `SELECT coalesce(sum(count) FILTER (WHERE scope = 'login-client'), 0) AS client,
              count(*) FILTER (WHERE scope IN ('login-pair', 'login-account')) AS accounts
         FROM throttle_counter`,
    );
    return { clientAttempts: Number(rows[0].client), accountCounters: Number(rows[0].accounts) };
  });
}

/**
 * Until every login in flight has finished on the server (a load run's end cuts connections, not
 * identity's work): nothing reserved on the throttle counters and the session count still.
 * Resolves with what is left if that never happens, for the figure to show.
 */
async function settle(platform: PlatformUnderBench): Promise<ThrottleLeft> {
  let last = -1;
  try {
    await waitFor(
      async () => {
        const [left, state] = await Promise.all([throttleLeft(platform), identityState(platform)]);
        const still = state.sessions === last;
        last = state.sessions;
        return still && left.clientAttempts === 0 && left.accountCounters === 0;
      },
      Boolean,
      { timeoutMs: QUIET_TIMEOUT_MS, intervalMs: 500, what: 'logins in flight to finish' },
    );
  } catch {
    // Reported below as counters left.
  }
  return throttleLeft(platform);
}

function loginLoad(gateway: GatewayInstance, connections: number, nextBody: () => string, seconds: number): Promise<LoadResult> {
  return runLoad({
    url: `${gateway.apiBase}/sessions`,
    connections,
    seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: nextBody,
    ok: (status) => status === 200,
  });
}

/** Two load results of the same moment, as one. */
function combined(a: LoadResult, b: LoadResult): LoadResult {
  const seconds = Math.max(a.seconds, b.seconds);
  const ok = a.ok + b.ok;
  const failed = a.failed + b.failed;
  const statusCounts: Record<string, number> = { ...a.statusCounts };
  for (const [status, n] of Object.entries(b.statusCounts)) statusCounts[status] = (statusCounts[status] ?? 0) + n;
  return {
    seconds,
    ok,
    okPerSecond: a.okPerSecond + b.okPerSecond,
    okLatenciesMs: [...a.okLatenciesMs, ...b.okLatenciesMs],
    failed,
    failedShare: failed / Math.max(1, ok + failed),
    statusCounts,
    errors: a.errors + b.errors,
    timeouts: a.timeouts + b.timeouts,
  };
}

interface CountedLogins {
  ok: number;
  other: Record<string, number>;
  tokens: string[];
}

/** Every account once through each gateway, both at once: every answer waited for, every cookie kept. */
async function countedLogins(gateways: GatewayInstance[], accounts: SeededAccount[]): Promise<CountedLogins> {
  const result: CountedLogins = { ok: 0, other: {}, tokens: [] };
  await Promise.all(
    gateways.flatMap((gateway) => {
      const queue = [...accounts];
      return Array.from({ length: COUNTED_CONCURRENCY_PER_GATEWAY }, async () => {
        for (let account = queue.shift(); account; account = queue.shift()) {
          const response = await gateway.api.post('/sessions', { email: account.email, password: PASSWORD });
          const token = sessionCookie(response);
          if (response.status === 200 && token) {
            result.ok += 1;
            result.tokens.push(token);
          } else result.other[response.status] = (result.other[response.status] ?? 0) + 1;
        }
      });
    }),
  );
  return result;
}

/** Rows in identity's session table for these cookies (0 for a missing session, 2 for a doubled one). */
function sessionRowsOf(platform: PlatformUnderBench, tokens: string[]): Promise<number> {
  return withDatabase(platform.databaseUrl('identity'), async (pg) => {
    const { rows } = await pg.query<{ n: string }>('SELECT count(*) AS n FROM session WHERE token_hash = ANY($1::bytea[])', [tokens.map(sha256)]);
    return Number(rows[0].n);
  });
}

/**
 * A session made through one gateway (and its identity) must work through the other, and a
 * logout through the first must end it through the second: the session lives in identity's
 * database, not in any instance. Answers the checks that failed, each described.
 */
async function crossInstanceFailures(account: SeededAccount, from: GatewayInstance, to: GatewayInstance, label: string): Promise<string[]> {
  const failures: string[] = [];
  const login = await from.api.post('/sessions', { email: account.email, password: PASSWORD });
  const token = sessionCookie(login);
  if (login.status !== 200 || !token) return [`${label}: login answered ${login.status}`];
  const me = await to.api.get('/me', { session: token });
  if (me.status !== 200 || (me.body as { id?: unknown } | undefined)?.id !== account.id) failures.push(`${label}: GET /me through the other gateway answered ${me.status}`);
  const logout = await from.api.delete('/sessions/current', { session: token });
  if (logout.status !== 204) failures.push(`${label}: logout answered ${logout.status}`);
  const after = await to.api.get('/me', { session: token });
  if (after.status !== 401) failures.push(`${label}: GET /me through the other gateway after the logout answered ${after.status}, not 401`);
  return failures;
}

const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

export const twoInstancesScenario: Scenario = {
  name: 'two-instances',
  description: `logins/s through two gateways each with its own identity (one database, one broker) against one gateway and identity, ${CLIENTS} connections in all; sessions, events and counters counted`,
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const hash = await benchPasswordHash(PASSWORD);
    const platform = await startPlatformUnderBench(infra, { instances: 2 });
    try {
      const [a, b] = platform.gateways;
      const accounts = await platform.seedAccounts(ACCOUNTS, hash);
      const crossAccounts = accounts.slice(0, 2);
      for (const account of crossAccounts) await platform.seedProfile(account);
      // One login through each gateway first: a path that does not work fails here, with its answer.
      for (const gateway of platform.gateways) {
        const started = Date.now();
        const response = await gateway.api.post('/sessions', { email: accounts[0].email, password: PASSWORD });
        if (response.status !== 200) throw new Error(`a login through ${gateway.apiBase} answered ${response.status}: ${response.text}`);
        console.log(`a login through ${gateway.apiBase}: ${Date.now() - started} ms`);
      }
      const before = await identityState(platform);

      let next = 0;
      const nextBody = () => JSON.stringify({ email: accounts[next++ % accounts.length].email, password: PASSWORD });
      const single = () => loginLoad(a, CLIENTS, nextBody, LOGIN_SECONDS);
      const dual = async () => combined(...(await Promise.all([loginLoad(a, CLIENTS / 2, nextBody, LOGIN_SECONDS), loginLoad(b, CLIENTS / 2, nextBody, LOGIN_SECONDS)])));

      // Warm-up of both paths, not counted.
      const warmUp = combined(...(await Promise.all([loginLoad(a, CLIENTS / 2, nextBody, WARM_UP_SECONDS), loginLoad(b, CLIENTS / 2, nextBody, WARM_UP_SECONDS)])));
      console.log(`warm-up: ${describeLoad(warmUp)}`);
      assertReliable('warm-up', warmUp);

      // One, two, two, one: a machine that slows down or speeds up over the run weighs on both alike.
      const runs: { instances: 1 | 2; result: LoadResult }[] = [];
      for (const instances of [1, 2, 2, 1] as const) {
        const result = instances === 1 ? await single() : await dual();
        console.log(`${instances === 1 ? 'one gateway + identity' : 'two gateways + identities'}: ${describeLoad(result)}`);
        assertReliable(`logins, ${instances} instance(s)`, result);
        runs.push({ instances, result });
      }
      const loadAnswers = runs.reduce((sum, r) => sum + r.result.ok, 0) + warmUp.ok;
      const loadLeft = await settle(platform);
      const afterLoad = await identityState(platform);
      // A run's end cuts up to CLIENTS connections whose logins identity still completes: sessions
      // without an answer, at most CLIENTS per run. More, or fewer than the answers, is wrong.
      const unansweredSessions = afterLoad.sessions - before.sessions - loadAnswers;
      const cutPerRunMax = CLIENTS * (runs.length + 1);
      console.log(`load phases: ${loadAnswers} answered 200, ${afterLoad.sessions - before.sessions} sessions made (${unansweredSessions} for logins cut at a run's end, at most ${cutPerRunMax})`);
      if (unansweredSessions < 0) throw new Error(`${-unansweredSessions} logins answered 200 without a session row`);

      // The counted phase: every answer is waited for, so sessions must equal the 200s exactly.
      const counted = await countedLogins([a, b], accounts);
      const countedLeft = await settle(platform);
      const afterCounted = await identityState(platform);
      const sessionsMade = afterCounted.sessions - afterLoad.sessions;
      const rowsOfTokens = await sessionRowsOf(platform, counted.tokens);
      const distinctTokens = new Set(counted.tokens).size;
      console.log(
        `counted: ${counted.tokens.length} logins answered 200 (${JSON.stringify(counted.other)} otherwise), ${sessionsMade} sessions made, ` +
          `${rowsOfTokens} session rows for the ${distinctTokens} distinct cookies`,
      );
      if (counted.ok === 0) throw new Error(`no counted login answered 200: ${JSON.stringify(counted.other)}`);
      const sessionMismatch = Math.abs(sessionsMade - counted.ok) + Math.abs(rowsOfTokens - counted.ok) + (counted.ok - distinctTokens);

      // Before the cross-instance checks, whose logouts are not logins.
      const outboxRows = await withDatabase(platform.databaseUrl('identity'), async (pg) => {
        const { rows } = await pg.query<{ n: string }>('SELECT count(*) AS n FROM outbox_message WHERE id > $1::bigint', [before.outboxMaxId]);
        return Number(rows[0].n);
      });
      const changedAccounts = [...before.accounts].filter(([id, state]) => afterCounted.accounts.get(id) !== state).length;

      const crossFailures = [...(await crossInstanceFailures(crossAccounts[0], a, b, 'A→B')), ...(await crossInstanceFailures(crossAccounts[1], b, a, 'B→A'))];
      for (const failure of crossFailures) console.log(`cross-instance check failed: ${failure}`);
      const countersLeft = loadLeft.clientAttempts + loadLeft.accountCounters + countedLeft.clientAttempts + countedLeft.accountCounters;

      const one = runs.filter((r) => r.instances === 1).map((r) => r.result);
      const two = runs.filter((r) => r.instances === 2).map((r) => r.result);
      const oneRate = mean(one.map((r) => r.okPerSecond));
      const twoRate = mean(two.map((r) => r.okPerSecond));
      const oneBaseline = { name: `one gateway + one identity, ${CLIENTS} connections, same run`, value: round(oneRate) };
      return [
        { name: 'logins/s, two gateways + two identities', value: round(twoRate), unit: 'logins/s', baseline: oneBaseline },
        { name: 'two instances / one instance', value: round((twoRate / oneRate) * 100), unit: '%' },
        { name: 'login p99, two instances', value: round(percentile(two.flatMap((r) => r.okLatenciesMs), 99)), unit: 'ms', baseline: { name: 'one instance', value: round(percentile(one.flatMap((r) => r.okLatenciesMs), 99)) } },
        { name: 'non-200 answers and errors, all load runs', value: round(runs.map((r) => r.result).reduce(combined).failedShare * 100, 2), unit: '%', target: { op: '<', value: 1 } },
        { name: 'counted logins (each account once through each gateway at once)', value: counted.ok, unit: '200 answers' },
        { name: 'sessions not matching a 200 answer one to one', value: sessionMismatch, unit: 'sessions', target: { op: '<', value: 1 } },
        { name: `load runs: sessions beyond the 200 answers and the ${cutPerRunMax} logins cut in flight`, value: Math.max(0, unansweredSessions - cutPerRunMax), unit: 'sessions', target: { op: '<', value: 1 } },
        { name: 'identity outbox rows (events, audit entries) written by successful logins', value: outboxRows, unit: 'rows', target: { op: '<', value: 1 } },
        { name: 'seeded accounts whose row a login changed', value: changedAccounts, unit: 'accounts', target: { op: '<', value: 1 } },
        { name: 'login throttle attempts and counters left after the logins', value: countersLeft, unit: 'left', target: { op: '<', value: 1 } },
        { name: 'cross-instance session checks failed (login A, /me B, logout A, /me B = 401; and B→A)', value: crossFailures.length, unit: 'checks', target: { op: '<', value: 1 } },
      ];
    } catch (err) {
      // What the apps said (warnings and errors only) explains a failed run better than its figures.
      for (const app of platform.processes) console.log(`--- ${app.name} (last lines)\n${app.output().slice(-2000)}`);
      throw err;
    } finally {
      await platform.stop();
    }
  },
};
