import { measure } from '../support/autocannon-run';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { helloWorld, type HelloWorld } from '../support/hello-world';
import { percentile, round } from '../support/percentile';
import { benchPasswordHash, startPlatformUnderBench } from '../support/platform-under-bench';
import type { Figure, Scenario } from '../support/scenario';

const CONNECTIONS = 100;
const PASSWORD = 'bench me-read passphrase 5120';
const is2xx = (status: number) => status >= 200 && status < 300;

export const meReadScenario: Scenario = {
  name: 'me-read',
  description: `authenticated GET /api/v1/me through the gateway at ${CONNECTIONS} connections against a bare Node HTTP hello-world`,
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const platform = await startPlatformUnderBench(infra);
    let hello: HelloWorld | undefined;
    try {
      const [account] = await platform.seedAccounts(1, await benchPasswordHash(PASSWORD));
      await platform.seedProfile(account);
      const token = await platform.login(account.email, PASSWORD);
      const sample = await platform.api.get('/me', { session: token });
      if (sample.status !== 200 || (sample.body as { id?: unknown } | undefined)?.id !== account.id) {
        throw new Error(`GET /me answered ${sample.status} ${sample.text}, not the seeded account ${account.id}`);
      }

      const me = await measure('GET /me', { url: `${platform.apiBase}/me`, connections: CONNECTIONS, headers: { cookie: `__Host-sid=${token}` }, ok: is2xx });
      hello = await helloWorld();
      const bare = await measure('hello-world', { url: hello.url, connections: CONNECTIONS, ok: is2xx });

      const baseline = { name: 'bare Node http hello-world (plain HTTP), child process', value: round(bare.okPerSecond) };
      return [
        { name: 'GET /me', value: round(me.okPerSecond), unit: 'req/s', baseline },
        { name: 'GET /me rate / hello-world rate', value: round((me.okPerSecond / bare.okPerSecond) * 100), unit: '%', target: { op: '>=', value: 25 } },
        { name: 'GET /me p50', value: round(percentile(me.okLatenciesMs, 50)), unit: 'ms', baseline: { name: 'hello-world p50', value: round(percentile(bare.okLatenciesMs, 50)) } },
        { name: 'GET /me p99', value: round(percentile(me.okLatenciesMs, 99)), unit: 'ms', target: { op: '<', value: 20 }, baseline: { name: 'hello-world p99', value: round(percentile(bare.okLatenciesMs, 99)) } },
        { name: 'non-2xx answers and errors', value: round(me.failedShare * 100, 2), unit: '%', target: { op: '<', value: 1 } },
      ];
    } finally {
      if (hello) await hello.child.stop();
      await platform.stop();
    }
  },
};
