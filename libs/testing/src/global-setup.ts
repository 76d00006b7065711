import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { registerPathAliases } from './path-aliases';
import { REPO_ROOT, TEST_STACK_ENV, TEST_STACK_FILE, TEST_STACK_HANDLE, type TestStack, type TestStackHandle } from './test-stack';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Data left by runs that were killed before their teardown. */
function removeStaleTestDirs(dataRoot: string): void {
  if (!existsSync(dataRoot)) return;
  for (const entry of readdirSync(dataRoot)) {
    const pid = Number(/^test-(\d+)$/.exec(entry)?.[1]);
    if (pid && !isRunning(pid)) rmSync(path.join(dataRoot, entry), { recursive: true, force: true });
  }
}

/**
 * Starts PostgreSQL, Kafka and MailDev once for the integration and e2e tiers, on free ports (a
 * running `npm start` is not disturbed), in a fresh directory; workers find them in process.env.
 */
export default async function globalSetup(): Promise<void> {
  registerPathAliases(REPO_ROOT);
  const { findFreePort, startInfrastructure } = await import('@sargs/devstack');
  const dataRoot = path.join(REPO_ROOT, '.data');
  removeStaleTestDirs(dataRoot);
  const dataDir = path.join(dataRoot, `test-${process.pid}`);
  mkdirSync(dataDir, { recursive: true });

  const started = Date.now();
  // The apps under test run as the image runs them: built once here, not compiled by each process.
  execFileSync(process.execPath, ['-r', '@swc-node/register', 'tools/build/build.ts', '--out', path.join(dataDir, 'dist')], { cwd: REPO_ROOT, stdio: 'ignore' });
  const infra = await startInfrastructure({
    dataDir,
    ports: { postgres: await findFreePort(), kafka: await findFreePort(), kafkaController: await findFreePort(), smtp: await findFreePort(), mailWeb: await findFreePort() },
    // Throwaway data: Postgres without fsync. Not detached: a Ctrl+C on jest reaches the servers too.
    durable: false,
    ephemeral: true,
    kafkaThrowaway: true,
    detached: false,
    log: (message) => console.log(`[test stack] ${message}`),
  });
  const stack: TestStack = {
    pid: process.pid,
    pgServerUrl: infra.postgresServerUrl,
    kafkaBrokers: infra.kafkaBrokers.join(','),
    smtpUrl: infra.smtpUrl,
    maildevUrl: infra.maildevUrl as string,
    kafkaLibsDir: infra.kafkaLibsDir as string,
    secretsFile: path.join(dataDir, 'dev-secrets.json'),
    buildRoot: dataDir,
  };
  for (const key of Object.keys(TEST_STACK_ENV) as (keyof typeof TEST_STACK_ENV)[]) process.env[TEST_STACK_ENV[key]] = String(stack[key]);
  writeFileSync(TEST_STACK_FILE, `${JSON.stringify(stack, null, 2)}\n`, { mode: 0o600 });
  const handle: TestStackHandle = { dataDir, stop: infra.stop };
  (globalThis as Record<symbol, unknown>)[TEST_STACK_HANDLE] = handle;
  console.log(`[test stack] ready in ${((Date.now() - started) / 1000).toFixed(1)} s: PostgreSQL ${new URL(stack.pgServerUrl).host}, Kafka ${stack.kafkaBrokers}, MailDev ${stack.maildevUrl}`);
}
