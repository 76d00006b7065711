import { measure } from '../support/autocannon-run';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { helloWorld, type HelloWorld } from '../support/hello-world';
import { percentile, round } from '../support/percentile';
import { startPlatformUnderBench } from '../support/platform-under-bench';
import type { Figure, Scenario } from '../support/scenario';

const CONNECTIONS = 100;
const PATH = '/policies/privacy';

/** A header's (first) value. */
function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export const policyReadScenario: Scenario = {
  name: 'policy-read',
  description: `public GET /api/v1${PATH} through the gateway at ${CONNECTIONS} connections, full and revalidated (304), against a Node https hello-world with the gateway's certificate`,
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const platform = await startPlatformUnderBench(infra, { services: ['consent'] });
    const hellos: HelloWorld[] = [];
    try {
      const first = await platform.api.get(PATH);
      const etag = header(first.headers.etag);
      const cacheControl = header(first.headers['cache-control']);
      if (first.status !== 200 || !etag || !cacheControl) {
        throw new Error(`GET ${PATH} answered ${first.status} with ETag ${etag} and Cache-Control ${cacheControl}: ${first.text.slice(0, 300)}`);
      }
      const revalidated = await platform.api.get(PATH, { headers: { 'if-none-match': etag } });
      if (revalidated.status !== 304) throw new Error(`GET ${PATH} with If-None-Match ${etag} answered ${revalidated.status}, not 304`);
      console.log(`GET ${PATH}: ${first.text.length} characters, ETag ${etag}, Cache-Control ${cacheControl}`);

      const url = `${platform.apiBase}${PATH}`;
      const full = await measure(`GET ${PATH}`, { url, connections: CONNECTIONS, ok: (status) => status === 200 });
      const revalidations = await measure(`GET ${PATH} If-None-Match`, { url, connections: CONNECTIONS, headers: { 'if-none-match': etag }, ok: (status) => status === 304 });
      // The gateway terminates TLS, so its ceiling is a TLS server's (the plain one is printed for comparison).
      hellos.push(await helloWorld({ tls: true }));
      const bare = await measure('TLS hello-world', { url: hellos[0].url, connections: CONNECTIONS, ok: (status) => status === 200 });
      hellos.push(await helloWorld());
      const plain = await measure('hello-world', { url: hellos[1].url, connections: CONNECTIONS, ok: (status) => status === 200 });

      const baseline = { name: 'Node https hello-world (same certificate, keep-alive), child process', value: round(bare.okPerSecond) };
      const helloP99 = { name: 'TLS hello-world p99', value: round(percentile(bare.okLatenciesMs, 99)) };
      return [
        { name: 'GET policy (200)', value: round(full.okPerSecond), unit: 'req/s', baseline },
        { name: 'GET policy (200) rate / TLS hello-world rate', value: round((full.okPerSecond / bare.okPerSecond) * 100), unit: '%', target: { op: '>=', value: 40 } },
        { name: 'GET policy (200) p99', value: round(percentile(full.okLatenciesMs, 99)), unit: 'ms', baseline: helloP99 },
        { name: 'GET policy If-None-Match (304)', value: round(revalidations.okPerSecond), unit: 'req/s', baseline },
        { name: 'GET policy (304) rate / TLS hello-world rate', value: round((revalidations.okPerSecond / bare.okPerSecond) * 100), unit: '%' },
        { name: 'GET policy (304) p99', value: round(percentile(revalidations.okLatenciesMs, 99)), unit: 'ms', baseline: helloP99 },
        { name: 'plain HTTP hello-world (for comparison)', value: round(plain.okPerSecond), unit: 'req/s' },
      ];
    } finally {
      await Promise.all(hellos.map((h) => h.child.stop()));
      await platform.stop();
    }
  },
};
