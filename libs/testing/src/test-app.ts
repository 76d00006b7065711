import { startAppProcess, type AppName, type AppProcess } from '@sargs/devstack';
import { TEST_STACK_ENV } from './test-stack';

/**
 * Starts one of our apps as the tests run them: this run's build (made once by the global setup,
 * so edits count at once and no process compiles on start), with NODE_ENV=test.
 */
export function startTestApp(app: AppName, env: Record<string, string>): AppProcess {
  const buildRoot = process.env[TEST_STACK_ENV.buildRoot];
  if (!buildRoot) throw new Error(`${TEST_STACK_ENV.buildRoot} is not set: run integration tests through jest (its global setup builds the apps)`);
  return startAppProcess(app, { from: 'built', buildRoot, env: { NODE_ENV: 'test', ...env } });
}
