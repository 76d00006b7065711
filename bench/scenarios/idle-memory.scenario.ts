import { spawn } from 'node:child_process';
import { SARGS_SERVICES } from '@sargs/devstack';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { round } from '../support/percentile';
import { startPlatformUnderBench } from '../support/platform-under-bench';
import { rssMb } from '../support/process-stats';
import type { Figure, Scenario } from '../support/scenario';

const IDLE_MS = 10_000;

export const idleMemoryScenario: Scenario = {
  name: 'idle-memory',
  description: 'resident memory of each app, built and idle after start-up, against a bare Node process',
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    // Every service and the gateway, as the other scenarios start them (LOG_LEVEL warn, backups off).
    const platform = await startPlatformUnderBench(infra, { services: SARGS_SERVICES }).catch((err: unknown) => {
      bare.kill('SIGKILL');
      throw err;
    });
    try {
      await new Promise((r) => setTimeout(r, IDLE_MS));
      const baseline = { name: 'bare node process', value: round(rssMb(bare.pid as number)) };
      return platform.processes.map(({ app, child }) => ({
        name: `${app} idle RSS`,
        value: round(rssMb(child.pid as number)),
        unit: 'MB',
        target: { op: '<' as const, value: 150 },
        baseline,
      }));
    } finally {
      await platform.stop();
      bare.kill('SIGKILL');
    }
  },
};
