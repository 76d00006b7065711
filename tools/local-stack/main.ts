// `npm start`: the whole of Sargs on this machine, no Docker (docs/architecture.md, "Local stack").
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_INFRASTRUCTURE_PORTS as INFRA,
  SARGS_APPS,
  SARGS_SERVICES,
  assertPortsFree,
  startAppProcess,
  ensureDevCertificate,
  gatewayEnv,
  serviceEnv,
  startInfrastructure,
  type AppProcess,
  type Infrastructure,
  type PortClaim,
  type SargsApp,
  type ServiceName,
} from '@sargs/devstack';
import { printSummary } from './summary';
import { waitForReady } from './wait-ready';

const repoRoot = path.resolve(__dirname, '../..');
// SARGS_DATA_DIR: a second, throwaway stack (the README walk-through test) keeps its data apart.
const dataDir = path.resolve(process.env['SARGS_DATA_DIR'] || path.join(repoRoot, '.data'));
const env = process.env;
// Apps migrate their databases and join Kafka before /readyz turns green; on two cores allow for it.
const READY_TIMEOUT_MS = Number(env['SARGS_APP_READY_TIMEOUT_MS'] || 180_000);
// The apps drain within their SHUTDOWN_TIMEOUT_MS (default 10 s); we allow a little more before SIGKILL.
const APP_STOP_GRACE_MS = Number(env['SHUTDOWN_TIMEOUT_MS'] || 10_000) + 5_000;
const PREFIX_WIDTH = 'notifications'.length + 2;

const apps: AppProcess[] = [];
let infraStarting: Promise<Infrastructure> | undefined;
let stopping: Promise<void> | undefined;

function portClaims(): PortClaim[] {
  const claims: PortClaim[] = [];
  if (!env['DATABASE_URL']) claims.push({ port: INFRA.postgres, name: 'PostgreSQL', override: 'DATABASE_URL' });
  if (!env['KAFKA_BROKERS']) claims.push({ port: INFRA.kafka, name: 'Kafka', override: 'KAFKA_BROKERS' }, { port: INFRA.kafkaController, name: 'Kafka controller', override: 'KAFKA_BROKERS' });
  if (!env['SMTP_URL']) claims.push({ port: INFRA.smtp, name: 'MailDev SMTP', override: 'SMTP_URL' }, { port: INFRA.mailWeb, name: 'MailDev web', override: 'SMTP_URL' });
  for (const app of SARGS_APPS) {
    claims.push({ port: app.port, name: app.name }, { port: app.managementPort, name: `${app.name} management` });
    if (app.redirectPort) claims.push({ port: app.redirectPort, name: `${app.name} HTTP redirect` });
  }
  return claims;
}

/** Apps first (they drain their work), then Kafka, MailDev and Postgres. Idempotent. */
function shutdown(reason: string, exitCode: number): Promise<void> {
  if (stopping) {
    console.log('[stack] Still stopping; Kafka and the apps may take some seconds.');
    return stopping;
  }
  console.log(`\n[stack] ${reason}; stopping...`);
  stopping = (async () => {
    await Promise.all(apps.map((a) => a.stop(APP_STOP_GRACE_MS)));
    const infra = await infraStarting?.catch(() => undefined);
    await infra?.stop();
  })().then(
    () => {
      console.log('[stack] Stopped.');
      process.exit(exitCode);
    },
    (err: Error) => {
      console.error(`[stack] Stopping failed: ${err.message}`);
      process.exit(1);
    },
  );
  return stopping;
}

function onAppExit(app: SargsApp, code: number | null, signal: NodeJS.Signals | null): void {
  if (stopping) return;
  void shutdown(`${app.name} exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`, 1);
}

/**
 * `node dist/apps/<app>/src/main.js` (built by `npm start` first), each line printed with the app's
 * name, in its own process group, so a terminal's Ctrl+C reaches only the stack, which then stops
 * the apps before the infrastructure they use.
 */
function startApp(app: SargsApp, appEnv: Record<string, string>): AppProcess {
  const prefix = `[${app.name}]`.padEnd(PREFIX_WIDTH);
  const started = startAppProcess(app.name, {
    from: 'built',
    env: appEnv,
    inheritEnv: true,
    detached: true,
    keepChars: 0,
    onLine: (line, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(`${prefix}${line}\n`),
  });
  void started.exited().then(({ code, signal }) => onAppExit(app, code, signal));
  return started;
}

async function startApps(list: readonly SargsApp[], envOf: (app: SargsApp) => Record<string, string>): Promise<boolean> {
  const started = list.map((app) => ({ app, proc: startApp(app, envOf(app)) }));
  apps.push(...started.map((s) => s.proc));
  const ready = await Promise.all(
    started.map(async ({ app, proc }) => {
      const missing = await waitForReady(app.readyUrl, { timeoutMs: READY_TIMEOUT_MS, gone: () => !!stopping || !proc.running() });
      if (missing.length > 0 && !stopping) void shutdown(`${app.name} was not ready at ${app.readyUrl} within ${READY_TIMEOUT_MS / 1000} s (waiting for ${missing.join(', ')})`, 1);
      return missing.length === 0;
    }),
  );
  return ready.every(Boolean) && !stopping;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal === 'SIGINT' ? 'Ctrl+C' : signal, 0));

  const missing = SARGS_APPS.filter((app) => !existsSync(path.join(repoRoot, app.entry)));
  if (missing.length > 0) throw new Error(`Missing built entry points (run npm run build): ${missing.map((a) => a.entry).join(', ')}`);
  await assertPortsFree(portClaims());

  infraStarting = startInfrastructure({
    dataDir,
    env: { DATABASE_URL: env['DATABASE_URL'], KAFKA_BROKERS: env['KAFKA_BROKERS'], SMTP_URL: env['SMTP_URL'] },
    detached: true,
    log: (message) => console.log(`[stack] ${message}`),
  });
  const infra = await infraStarting;
  if (stopping) return;

  const certificate = ensureDevCertificate(path.join(dataDir, 'tls'));
  const logLevel = env['LOG_LEVEL'] || 'info';
  const services = SARGS_APPS.filter((app) => app.name !== 'gateway');
  console.log(`[stack] Starting ${SARGS_SERVICES.join(', ')}...`);
  // identity's first staff account, when the one starting the stack sets SARGS_ADMIN_EMAIL and
  // SARGS_ADMIN_PASSWORD (and SARGS_ADMIN_TOTP_SECRET, its authenticator key: staff routes need one).
  const admin = { email: env['SARGS_ADMIN_EMAIL'], password: env['SARGS_ADMIN_PASSWORD'], totpSecret: env['SARGS_ADMIN_TOTP_SECRET'] };
  const servicesUp = await startApps(services, (app) => serviceEnv(app.name as ServiceName, { databaseUrl: infra.databaseUrls[app.name as ServiceName], kafkaBrokers: infra.kafkaBrokers, kafkaCredentials: infra.kafkaCredentials(app.name as ServiceName), secrets: infra.secrets, smtpUrl: infra.smtpUrl, logLevel, admin, policySeedDir: path.join(repoRoot, 'policies', 'privacy'), dpaSeedDir: path.join(repoRoot, 'policies', 'dpa') }));
  if (!servicesUp) return;
  console.log('[stack] Starting the gateway...');
  const gatewayUp = await startApps(SARGS_APPS.filter((app) => app.name === 'gateway'), () => gatewayEnv({ certificate, secrets: infra.secrets, logLevel }));
  if (gatewayUp) printSummary(infra, dataDir, startedAt);
}

main().catch((err: Error) => {
  console.error(err.message.replace(/^/gm, '[stack] '));
  // Nothing to stop when we failed before starting anything (e.g. a port is taken).
  if (!infraStarting) process.exit(1);
  void shutdown('Start-up failed', 1);
});
