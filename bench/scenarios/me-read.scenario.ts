import { measure, runLoad } from '../support/autocannon-run';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { helloWorld, type HelloWorld } from '../support/hello-world';
import { percentile, round } from '../support/percentile';
import { benchPasswordHash, startPlatformUnderBench } from '../support/platform-under-bench';
import { revocationDelayMs } from '../support/revocation-delay';
import type { Figure, Scenario } from '../support/scenario';
import { withDatabase } from '@sargs/testing';

const CONNECTIONS = 100;
const PASSWORD = 'bench me-read passphrase 5120';
/** Revocations timed, half by logout through the gateway, half behind its back (only the change feed tells it). */
const REVOCATIONS = 20;
const is2xx = (status: number) => status >= 200 && status < 300;

export const meReadScenario: Scenario = {
  name: 'me-read',
  description:
    `authenticated GET /api/v1/me through the gateway (TLS) at ${CONNECTIONS} connections against Node hello-worlds (TLS and plain), ` +
    `and how soon a revoked session stops working while GET /me runs at ${CONNECTIONS / 2} connections`,
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const platform = await startPlatformUnderBench(infra);
    const hellos: HelloWorld[] = [];
    try {
      const [account, revoked] = await platform.seedAccounts(2, await benchPasswordHash(PASSWORD));
      await platform.seedProfile(account);
      await platform.seedProfile(revoked);
      const token = await platform.login(account.email, PASSWORD);
      const sample = await platform.api.get('/me', { session: token });
      if (sample.status !== 200 || (sample.body as { id?: unknown } | undefined)?.id !== account.id) {
        throw new Error(`GET /me answered ${sample.status} ${sample.text}, not the seeded account ${account.id}`);
      }
      const load = { url: `${platform.apiBase}/me`, headers: { cookie: `__Host-sid=${token}` }, ok: is2xx };
      const me = await measure('GET /me', { ...load, connections: CONNECTIONS });

      // Revocations while others read: the gateway is busy, as it would be.
      const stopBackground = new AbortController();
      const background = runLoad({ ...load, connections: CONNECTIONS / 2, seconds: 600, signal: stopBackground.signal });
      const viaGateway: number[] = [];
      const behindItsBack: number[] = [];
      try {
        for (let i = 0; i < REVOCATIONS; i++) {
          const session = await platform.login(revoked.email, PASSWORD);
          if (i % 2 === 0) {
            viaGateway.push(await revocationDelayMs(platform.api, session, async () => {
              const logout = await platform.api.delete('/sessions/current', { session });
              if (logout.status !== 204) throw new Error(`logout answered ${logout.status}`);
            }));
          } else {
            // As another gateway instance's logout would reach this one: only through identity's feed.
            behindItsBack.push(await revocationDelayMs(platform.api, session, () =>
              withDatabase(platform.databaseUrl('identity'), async (pg) => {
                await pg.query(`UPDATE session SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`, [revoked.id]);
              }),
            ));
          }
        }
      } finally {
        stopBackground.abort();
      }
      const busy = await background;
      console.log(`GET /me meanwhile: ${round(busy.okPerSecond)} req/s, ${round(busy.failedShare * 100, 2)} % failed`);
      console.log(`revocation delay, logout through the gateway: ${viaGateway.map((ms) => round(ms)).join(', ')} ms`);
      console.log(`revocation delay, in identity's database: ${behindItsBack.map((ms) => round(ms)).join(', ')} ms`);

      hellos.push(await helloWorld({ tls: true }));
      const tls = await measure('TLS hello-world', { url: hellos[0].url, connections: CONNECTIONS, ok: is2xx });
      hellos.push(await helloWorld());
      const plain = await measure('hello-world', { url: hellos[1].url, connections: CONNECTIONS, ok: is2xx });

      const tlsBaseline = { name: 'Node https hello-world (same certificate, keep-alive), child process', value: round(tls.okPerSecond) };
      return [
        { name: 'GET /me', value: round(me.okPerSecond), unit: 'req/s', baseline: tlsBaseline },
        { name: 'GET /me rate / TLS hello-world rate', value: round((me.okPerSecond / tls.okPerSecond) * 100), unit: '%', target: { op: '>=', value: 25 } },
        { name: 'plain HTTP hello-world (for comparison)', value: round(plain.okPerSecond), unit: 'req/s' },
        { name: 'GET /me p50', value: round(percentile(me.okLatenciesMs, 50)), unit: 'ms', baseline: { name: 'TLS hello-world p50', value: round(percentile(tls.okLatenciesMs, 50)) } },
        { name: 'GET /me p99', value: round(percentile(me.okLatenciesMs, 99)), unit: 'ms', target: { op: '<', value: 50 }, baseline: { name: 'TLS hello-world p99', value: round(percentile(tls.okLatenciesMs, 99)) } },
        { name: 'non-2xx answers and errors', value: round(me.failedShare * 100, 2), unit: '%', target: { op: '<', value: 1 } },
        { name: 'revoked session still accepted, logout through the gateway (max)', value: round(Math.max(...viaGateway)), unit: 'ms', target: { op: '<', value: 100 } },
        { name: 'revoked session still accepted, revoked in identity (max)', value: round(Math.max(...behindItsBack)), unit: 'ms', target: { op: '<', value: 100 } },
        { name: 'revoked session still accepted, revoked in identity (p50)', value: round(percentile(behindItsBack, 50)), unit: 'ms' },
      ];
    } finally {
      for (const hello of hellos) await hello.child.stop();
      await platform.stop();
    }
  },
};
