import { cpus } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnNodeProcess } from '@sargs/devstack';
import { assertReliable, describeLoad, runLoad } from '../support/autocannon-run';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { pollFor, pollLatency } from '../support/latency-poller';
import { percentile, round } from '../support/percentile';
import { benchPasswordHash, startPlatformUnderBench } from '../support/platform-under-bench';
import { machineBusySeconds } from '../support/process-stats';
import type { Figure, Scenario } from '../support/scenario';

const CLIENTS = 32;
/** Logins rotate over this many accounts: each sees a login every few seconds, all of them right. */
const ACCOUNTS = 200;
const VERIFY_SECONDS = 10;
const WARM_UP_SECONDS = 3;
const LOGIN_SECONDS = 15;
const HEALTH_POLL_MS = 20;
const IDLE_HEALTH_MS = 3000;
const PASSWORD = 'bench login passphrase 7381';

/** The login rate the target asks for, as a share of raw verify. */
const TARGET_SHARE = 0.85;

interface RawVerify {
  perSecond: number;
  /** CPU per verify, every thread of the process, in seconds. */
  cpuSeconds: number;
}

/** argon2.verify at CLIENTS concurrency in a child process: the rate login cannot beat, and what one verify costs. */
async function rawVerify(hash: string): Promise<RawVerify> {
  const child = spawnNodeProcess('argon2-verify', ['-r', '@swc-node/register', path.join(__dirname, 'argon2-verify.process.ts')], {
    env: { BENCH_HASH: hash, BENCH_PASSWORD: PASSWORD, BENCH_CONCURRENCY: String(CLIENTS), BENCH_SECONDS: String(VERIFY_SECONDS) },
    keepChars: 8000,
  });
  try {
    const { code } = await child.exited();
    if (code !== 0) throw new Error(`argon2 verify process exited with ${code}:\n${child.output()}`);
    const { verifies, seconds, cpuSeconds } = JSON.parse(child.stdout().trim().split('\n').pop() as string) as { verifies: number; seconds: number; cpuSeconds: number };
    return { perSecond: verifies / seconds, cpuSeconds: cpuSeconds / verifies };
  } finally {
    await child.stop();
  }
}

export const loginScenario: Scenario = {
  name: 'login',
  description: `logins/s at ${CLIENTS} concurrent clients through the gateway against raw argon2id verify; identity /healthz meanwhile`,
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const hash = await benchPasswordHash(PASSWORD);
    const platform = await startPlatformUnderBench(infra);
    try {
      const accounts = await platform.seedAccounts(ACCOUNTS, hash);
      await platform.login(accounts[0].email, PASSWORD);
      const healthUrl = `${platform.identityManagementUrl}/healthz`;
      const idleHealth = await pollFor(healthUrl, HEALTH_POLL_MS, IDLE_HEALTH_MS);

      // One after the other: the baseline while the platform idles, then the logins.
      const verify = await rawVerify(hash);
      const verifyRate = verify.perSecond;
      console.log(`raw argon2id verify: ${round(verifyRate)}/s, ${round(verify.cpuSeconds * 1000, 1)} ms of CPU each`);

      let next = 0;
      const load = {
        url: `${platform.apiBase}/sessions`,
        connections: CLIENTS,
        method: 'POST' as const,
        headers: { 'content-type': 'application/json' },
        body: () => JSON.stringify({ email: accounts[next++ % accounts.length].email, password: PASSWORD }),
        ok: (status: number) => status === 200,
      };
      const warmUp = await runLoad({ ...load, seconds: WARM_UP_SECONDS });
      assertReliable('login warm-up', warmUp);
      const poller = pollLatency(healthUrl, HEALTH_POLL_MS);
      const busyAtStart = machineBusySeconds();
      const ownCpuAtStart = process.cpuUsage();
      const loadStarted = performance.now();
      const logins = await runLoad({ ...load, seconds: LOGIN_SECONDS }).finally(() => poller.stop());
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      const busyPerSecond = (machineBusySeconds() - busyAtStart) / loadSeconds;
      const ownCpu = process.cpuUsage(ownCpuAtStart);
      const loadGeneratorPerSecond = (ownCpu.user + ownCpu.system) / 1e6 / loadSeconds;
      const health = await poller.stop();
      console.log(`logins: ${describeLoad(logins)}; /healthz polls ${health.latenciesMs.length}, failed ${health.failures}`);
      assertReliable('login', logins);
      if (health.failures > 0) throw new Error(`${health.failures} identity /healthz polls failed during the login load`);

      const baseline = { name: `raw argon2.verify, ${CLIENTS} concurrent, child process`, value: round(verifyRate) };
      const idleHealthP99 = { name: 'same poll, no load', value: round(percentile(idleHealth.latenciesMs, 99)) };
      // What bounds the ratio: the machine's CPU goes to the hashes and to everything else a login
      // takes (identity's event loop, the gateway, PostgreSQL, Kafka, and this load generator).
      // At the target's rate the hashes take their share; what remains, per login, is the budget.
      const besidesHashMs = ((busyPerSecond - logins.okPerSecond * verify.cpuSeconds) / logins.okPerSecond) * 1000;
      const targetRate = TARGET_SHARE * verifyRate;
      const budgetMs = ((cpus().length - targetRate * verify.cpuSeconds) / targetRate) * 1000;
      return [
        { name: 'logins (200 only)', value: round(logins.okPerSecond), unit: 'logins/s', baseline },
        { name: 'login rate / raw verify rate', value: round((logins.okPerSecond / verifyRate) * 100), unit: '%', target: { op: '>=', value: TARGET_SHARE * 100 } },
        { name: 'argon2id verify CPU (raw verify process)', value: round(verify.cpuSeconds * 1000, 1), unit: 'ms/verify' },
        { name: 'machine busy during the login load', value: round(busyPerSecond * 100), unit: '% of a core', baseline: { name: `all ${cpus().length} cores`, value: cpus().length * 100 } },
        {
          name: "machine CPU per login besides its hash (the machine's busy time, less a raw verify's CPU per login)",
          value: round(besidesHashMs, 2),
          unit: 'ms/login',
          baseline: { name: `what the machine leaves per login at ${TARGET_SHARE * 100} % of raw verify, beside the hashes`, value: round(budgetMs, 2) },
        },
        { name: 'of which the load generator (this process: autocannon over TLS, the /healthz poll)', value: round((loadGeneratorPerSecond / logins.okPerSecond) * 1000, 2), unit: 'ms/login' },
        { name: 'login p50', value: round(percentile(logins.okLatenciesMs, 50)), unit: 'ms' },
        { name: 'login p99', value: round(percentile(logins.okLatenciesMs, 99)), unit: 'ms' },
        { name: 'non-200 answers and errors', value: round(logins.failedShare * 100, 2), unit: '%', target: { op: '<', value: 1 } },
        { name: 'identity /healthz p99 under login load', value: round(percentile(health.latenciesMs, 99)), unit: 'ms', target: { op: '<', value: 50 }, baseline: idleHealthP99 },
      ];
    } finally {
      await platform.stop();
    }
  },
};
