import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ensureDevCertificate, findFreePort, gatewayEnv, SARGS_SERVICES, sargsApp, serviceEnv } from '@sargs/devstack';
import { waitFor } from '@sargs/testing';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { round } from '../support/percentile';
import { rssMb } from '../support/process-stats';
import type { Figure, Scenario } from '../support/scenario';

const root = path.resolve(__dirname, '../..');
const IDLE_MS = 10_000;

/** /readyz on the app's management port answers 200. */
function isReady(managementPort: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${managementPort}/readyz`).then((r) => r.status === 200, () => false);
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
      await infra.startFromNow(SARGS_SERVICES);
      for (const service of SARGS_SERVICES) {
        const [port, managementPort] = [await findFreePort(), await findFreePort()];
        const env = {
          ...serviceEnv(service, { databaseUrl: await infra.createDatabase(`bench_${service}`), kafkaBrokers: infra.infra.kafkaBrokers, secrets: infra.infra.secrets, smtpUrl: infra.infra.smtpUrl }),
          PORT: String(port),
          MANAGEMENT_PORT: String(managementPort),
        };
        const child = start(sargsApp(service).entry, env);
        children.push({ name: service, child });
        await waitFor(() => isReady(managementPort), Boolean, { timeoutMs: 60_000, what: `${service} ready` });
      }
      const [gatewayPort, gatewayManagementPort] = [await findFreePort(), await findFreePort()];
      const gateway = start(sargsApp('gateway').entry, {
        ...gatewayEnv({ certificate, secrets: infra.infra.secrets }),
        PORT: String(gatewayPort),
        MANAGEMENT_PORT: String(gatewayManagementPort),
        HTTP_REDIRECT_PORT: '0',
      });
      children.push({ name: 'gateway', child: gateway });
      await waitFor(() => isReady(gatewayManagementPort), Boolean, { timeoutMs: 60_000, what: 'gateway ready' });

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
