import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsRegistry } from '@sargs/platform/observability';
import { Forwarder } from './forwarder';
import { UpstreamFailure } from './upstream-failure';
import { UpstreamPools } from './upstream-pools';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closedPort(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return url;
}

function poolsFor(url: string, timeoutMs = 300, maxResponseBytes = 1024): UpstreamPools {
  return new UpstreamPools({ identity: url, profile: url, consent: url, notifications: url, retention: url, organizations: url, contacts: url }, { connections: 2, timeoutMs, maxResponseBytes });
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(UpstreamFailure);
      return err as UpstreamFailure;
    },
  );

describe('Forwarder', () => {
  const servers: Server[] = [];
  const pools: UpstreamPools[] = [];
  afterAll(async () => {
    for (const p of pools) await p.close();
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });
  const track = (server: Server) => (servers.push(server), server);
  const forwarderFor = (url: string, timeoutMs?: number, maxResponseBytes?: number) => {
    const p = poolsFor(url, timeoutMs, maxResponseBytes);
    pools.push(p);
    return new Forwarder(p, timeoutMs ?? 300);
  };

  it('returns the whole answer and keeps the base URL path', async () => {
    const server = track(createServer((req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url }))));
    const base = await listen(server);
    const answer = await forwarderFor(`${base}/prefix`).call({ service: 'identity', method: 'GET', path: '/a?b=1', headers: {} });
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body.toString())).toEqual({ url: '/prefix/a?b=1' });
  });

  it('fails as unavailable when nothing listens', async () => {
    const failure = await failureOf(forwarderFor(await closedPort()).call({ service: 'consent', method: 'GET', path: '/', headers: {} }));
    expect(failure).toMatchObject({ service: 'consent', kind: 'unavailable' });
  });

  it('fails as timeout when the answer does not come in time', async () => {
    const server = track(createServer(() => undefined));
    const failure = await failureOf(forwarderFor(await listen(server), 150).call({ service: 'profile', method: 'POST', path: '/', headers: {} }));
    expect(failure).toMatchObject({ service: 'profile', kind: 'timeout' });
  });

  it('fails as a bad answer when it is larger than allowed', async () => {
    const server = track(createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`"${'x'.repeat(5000)}"`)));
    const failure = await failureOf(forwarderFor(await listen(server), 300, 1024).call({ service: 'identity', method: 'GET', path: '/', headers: {} }));
    expect(failure.kind).toBe('bad-answer');
  });

  it('retries a GET once when the connection dies before the answer', async () => {
    let calls = 0;
    const server = track(
      createServer((req, res) => {
        calls += 1;
        if (calls === 1) return req.socket.destroy();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      }),
    );
    const answer = await forwarderFor(await listen(server)).call({ service: 'identity', method: 'GET', path: '/', headers: {} });
    expect(answer.status).toBe(200);
    expect(calls).toBe(2);
  });

  it('records upstream latency per service and outcome', async () => {
    const metrics = await metricsRegistry.getSingleMetricAsString('sargs_gateway_upstream_duration_seconds');
    expect(metrics).toContain('service="consent",outcome="unavailable"');
    expect(metrics).toContain('service="identity",outcome="2xx"');
  });
});
