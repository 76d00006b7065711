import { spawn, type ChildProcess } from 'node:child_process';
import { get as httpsGet } from 'node:https';
import path from 'node:path';
import { ensureDevCertificate, findFreePort, gatewayEnv, SARGS_SERVICES, sargsApp, serviceEnv } from '@sargs/devstack';
import { waitFor } from '@sargs/testing';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { round } from '../support/percentile';
import { rssMb } from '../support/process-stats';
import type { Figure, Scenario } from '../support/scenario';

const root = path.resolve(__dirname, '../..');
const IDLE_MS = 10_000;

/** /readyz answers 200; the gateway's dev certificate is self-signed, so it is not verified here. */
function isReady(port: number, tls: boolean): Promise<boolean> {
  if (!tls) return fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
  return new Promise((resolve) => {
    const req = httpsGet(`https://127.0.0.1:${port}/readyz`, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
  });
}

function start(entry: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [path.join(root, entry)], { cwd: root, env: { PATH: process.env.PATH, ...env, LOG_LEVEL: 'warn' }, stdio: 'ignore' });
}

export const idleMemoryScenario: Scenario = {
  name: 'idle-memory',
  description: 'resident memory of each app, built and idle after start-up, against a bare Node process',
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const certificate = ensureDevCertificate(path.join(root, '.data', 'tls'));
    const children: { name: string; child: ChildProcess }[] = [];
    try {
      for (const service of SARGS_SERVICES) {
        const port = await findFreePort();
        const env = { ...serviceEnv(service, { databaseUrl: await infra.createDatabase(`bench_${service}`), kafkaBrokers: infra.infra.kafkaBrokers, secrets: infra.infra.secrets, smtpUrl: infra.infra.smtpUrl }), PORT: String(port) };
        const child = start(sargsApp(service).entry, env);
        children.push({ name: service, child });
        await waitFor(() => isReady(port, false), Boolean, { timeoutMs: 60_000, what: `${service} ready` });
      }
      const gatewayPort = await findFreePort();
      const gateway = start(sargsApp('gateway').entry, {
        ...gatewayEnv({ certificate, secrets: infra.infra.secrets }),
        PORT: String(gatewayPort),
        HTTP_REDIRECT_PORT: '0',
      });
      children.push({ name: 'gateway', child: gateway });
      await waitFor(() => isReady(gatewayPort, true), Boolean, { timeoutMs: 60_000, what: 'gateway ready' });

      await new Promise((r) => setTimeout(r, IDLE_MS));
      const baseline = { name: 'bare node process', value: round(rssMb(bare.pid as number)) };
      return children.map(({ name, child }) => ({
        name: `${name} idle RSS`,
        value: round(rssMb(child.pid as number)),
        unit: 'MB',
        target: { op: '<' as const, value: 150 },
        baseline,
      }));
    } finally {
      for (const { child } of children) child.kill('SIGTERM');
      bare.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 2000));
    }
  },
};
