import { request as httpRequest } from 'node:http';
import { findFreePort, generateAppKeys, SARGS_SERVICES, serviceEnv, type AppProcess } from '@sargs/devstack';
import { assertionPrivateKey, INTERNAL_ASSERTION_HEADER, signAssertion } from '@sargs/platform/auth-assertion';
import { createTestDatabase, startTestApp, TEST_STACK_ENV, testKafkaBrokers, testServiceCredentials, waitFor, type TestDatabase } from '@sargs/testing';

const SERVICES = SARGS_SERVICES;
const appKeys = generateAppKeys();
const privateKey = assertionPrivateKey(Buffer.from(appKeys.assertionPrivateKey, 'base64'));
const publicKey = appKeys.assertionPublicKey;

interface Answer {
  status: number;
  type: string;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const answerOrDown = (port: number, path: string) => get(port, path).catch(() => ({ status: 0, type: '', body: '' }));

describe('every service app', () => {
  const running: { service: string; port: number; managementPort: number; proc: AppProcess; db: TestDatabase }[] = [];

  beforeAll(async () => {
    for (const service of SERVICES) {
      const db = await createTestDatabase(`boot_${service}`);
      const [port, managementPort] = [await findFreePort(), await findFreePort()];
      const env = serviceEnv(service, { databaseUrl: db.url, kafkaBrokers: testKafkaBrokers(), kafkaCredentials: testServiceCredentials(service), secrets: appKeys, smtpUrl: process.env[TEST_STACK_ENV.smtpUrl] ?? '', port, managementPort, backups: 'off' });
      const proc = startTestApp(service, env);
      running.push({ service, port, managementPort, proc, db });
    }
  });

  afterAll(async () => {
    for (const r of running) r.proc.child.kill('SIGKILL');
    for (const r of running) await r.db.drop().catch(() => undefined);
  });

  it('boots, migrates its database, and is ready with database and Kafka really checked, on its management port', async () => {
    for (const { service, managementPort: port, proc } of running) {
      const ready = await waitFor(() => answerOrDown(port, '/readyz'), (a) => a.status === 200, {
        timeoutMs: 90_000,
        intervalMs: 300,
        what: `${service} /readyz (output: ${proc.output().slice(-500)})`,
      });
      // identity also says whether it knows the policy in force. consent boots beside it here and publishes its seed
      // policy on the shared broker at some moment during this loop, so either answer is right; readiness never waits on it.
      const { status, checks } = JSON.parse(ready.body) as { status: string; checks: Record<string, string> };
      const { 'policy-version': policyVersion, ...gating } = checks;
      expect([service, status, gating]).toEqual([service, 'ready', { database: 'up', kafka: 'up' }]);
      if (service === 'identity') expect(['up', 'down']).toContain(policyVersion);
      else expect([service, policyVersion]).toEqual([service, undefined]);
      expect(JSON.parse((await get(port, '/healthz')).body)).toEqual({ status: 'ok' });
      expect(proc.output()).toContain('PlatformTables1764064800000');
    }
  });

  it('serves Prometheus metrics with the messaging counters and dependency states on the management port, and none on its own', async () => {
    for (const { port, managementPort } of running) {
      const metrics = await get(managementPort, '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.type).toContain('text/plain');
      expect(metrics.body).toContain('process_resident_memory_bytes');
      expect(metrics.body).toContain('sargs_outbox_pending');
      expect(metrics.body).toMatch(/^sargs_dependency_up\{dependency="kafka"\} 1$/mu);
      // The service's own port answers only what the gateway vouches for: probes and metrics are not there.
      for (const path of ['/metrics', '/readyz', '/healthz']) expect([path, (await get(port, path)).status]).toEqual([path, 401]);
    }
  });

  it('answers anything but health with 401 problem+json unless the gateway vouches for the caller', async () => {
    for (const { service, port } of running) {
      const anonymous = await get(port, '/anything');
      expect(anonymous.status).toBe(401);
      expect(anonymous.type).toContain('application/problem+json');
      expect(JSON.parse(anonymous.body)).toMatchObject({ status: 401, title: 'Unauthorized' });

      const forOther = signAssertion(privateKey, { roles: ['user'], aud: service === 'identity' ? 'profile' : 'identity' });
      expect((await get(port, '/anything', { [INTERNAL_ASSERTION_HEADER]: forOther })).status).toBe(401);

      const vouched = signAssertion(privateKey, { roles: ['user'], aud: service });
      const routed = await get(port, '/anything', { [INTERNAL_ASSERTION_HEADER]: vouched });
      expect(routed.status).toBe(404);
      expect(routed.type).toContain('application/problem+json');
    }
  });

  it('logs JSON lines with no secrets, and stops cleanly on SIGTERM', async () => {
    for (const { proc } of running) {
      const lines = proc.output().trim().split('\n');
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(proc.output()).not.toContain(publicKey);
      proc.child.kill('SIGTERM');
      expect(await proc.exited()).toEqual({ code: 0, signal: null });
      expect(proc.output()).toContain('"msg":"stopped"');
    }
  });
});

describe('a service whose Kafka is unreachable', () => {
  it('stays ready on its database (the outbox holds events), naming Kafka as down in the report and the metric', async () => {
    const db = await createTestDatabase('boot_nokafka');
    const [port, managementPort, deadPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
    const env = serviceEnv('profile', { databaseUrl: db.url, kafkaBrokers: `127.0.0.1:${deadPort}`, secrets: appKeys, smtpUrl: '', port, managementPort });
    const proc = startTestApp('profile', env);
    try {
      const answer = await waitFor(() => answerOrDown(managementPort, '/readyz'), (a) => a.status !== 0, { timeoutMs: 60_000, what: 'an answer' });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ status: 'ready', checks: { database: 'up', kafka: 'down' } });
      expect((await get(managementPort, '/metrics')).body).toMatch(/^sargs_dependency_up\{dependency="kafka"\} 0$/mu);
    } finally {
      proc.child.kill('SIGKILL');
      await proc.exited();
      await db.drop();
    }
  });
});
