import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PolicyPublished, PRIVACY_POLICY_SUBJECT, SARGS_SERVICES, SERVICE_REGISTRY, type EventEnvelope, type ServiceName } from '@sargs/contracts';
import { ensureDevCertificate, findFreePort, gatewayEnv, generateAppKeys, generateBackupKeys, serviceEnv, type AppName, type AppProcess, type BackupKeys } from '@sargs/devstack';
import { SecretSealer, sealingContext, UnsubscribeTokens } from '@sargs/platform/secrets';
import { ApiClient } from './api-client';
import { ConsentEventRecorder, ConsentEvents, IdentityEventRecorder, IdentityEvents } from './event-recorder';
import { startDedicatedBroker, type DedicatedBroker } from './dedicated-broker';
import { createOwnerRole, createReadOnlyRole, createTestDatabase, type TestDatabase, type TestOwnerRole, type TestReadOnlyRole } from './test-database';
import { startTestService, type TestService } from './test-service';
import { testServiceCredentials } from './test-kafka';
import type { KafkaAccess } from '@sargs/platform/messaging';
import { MailReader } from './mail-reader';
import { startTestApp } from './test-app';
import { REPO_ROOT, TEST_STACK_ENV } from './test-stack';
import { waitFor } from './wait-for';

export type StackService = ServiceName;

/** One app process of a stack: where it listens, what it wrote, and stop/restart for outage tests. */
export interface StackProcess {
  /** `<app>#<i>`, e.g. `profile#0`. */
  name: string;
  app: AppName;
  /** Its own base URL (a service's http://127.0.0.1:<port>; the gateway's https origin). */
  url: string;
  managementUrl: string;
  output(): string;
  /** Stops it (SIGTERM, or `signal`) and waits until it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again with the environment it had, plus `env`; resolves when it is ready. */
  restart(env?: Record<string, string>): Promise<void>;
}

export interface PlatformStackOptions {
  services?: StackService[];
  /** Identity processes sharing one database (default 1). */
  identityInstances?: number;
  /** Processes per service sharing its database (default 1; identity also reads identityInstances). */
  instances?: Partial<Record<StackService, number>>;
  /** Gateway processes; gateway i talks to instance i (modulo their count) of each service (default 1). */
  gatewayInstances?: number;
  env?: Partial<Record<StackService | 'gateway', Record<string, string>>>;
  /** Extra environment for instance i of a service, after `env`. */
  perInstanceEnv?: { identity?: Record<string, string>[] };
  /**
   * Services that log in with a role of their own that owns their database, as in production,
   * instead of the superuser: row-level security (tenant isolation) binds only such a role.
   * `databases[service].url` stays the superuser's, for the test's own reads. Services that hold
   * tenant data (the registry's `tenantData`) always run so.
   */
  ownRoles?: StackService[];
}

export interface PlatformStack {
  /** One client per gateway; all share the public origin of the first. */
  clients: ApiClient[];
  client: ApiClient;
  /** Clients for the gateways' root (probes, /api/docs), not the API base. */
  roots: ApiClient[];
  publicOrigin: string;
  redirectPorts: number[];
  databases: Record<StackService, TestDatabase | undefined>;
  /** identity.account.v1 (and profile's ProfileChanged) as a consumer sees it. */
  events: EventEnvelope[];
  sealer: SecretSealer;
  /** Opens the token an event carries sealed, as notifications will. */
  openToken(event: EventEnvelope): string;
  /** Every token openToken has opened: tests check none of them reached a log. */
  openedTokens: string[];
  /** The policy version identity holds as current (the one sign-up must accept). */
  currentPolicyVersion(): Promise<string>;
  /** consent.consent.v1 and consent.policy.v1 as a consumer sees them (ConsentChanged, PolicyPublished). */
  consentEvents: EventEnvelope[];
  /** Signs and verifies one-click unsubscribe tokens with the key consent was given (as notifications will). */
  unsubscribeTokens: UnsubscribeTokens;
  /** The last lines of every process, for a failure message. */
  output(): string;
  /** Everything every process has written so far (JSON log lines). */
  fullOutput(): string;
  /** Each app's processes in start order: `processes.profile[0].stop()` to see how the edge answers without it. */
  processes: Record<AppName, StackProcess[]>;
  /** The mail the stack sent, as MailDev caught it (with notifications in the stack). */
  mail: MailReader;
  // ---- backups (retention) ----
  /** The stack's own Kafka broker(s), `host:port` (a restore moves consumer groups there). */
  kafkaBrokers: string;
  /** The admin principal on the stack's broker (a test's own clients, the restore tool). */
  kafka: KafkaAccess;
  /** retention's BACKUP_DIR, when retention is in the stack. */
  backupDir?: string;
  /** The stack's backup keys: retention was given the recipient and signing key; the restore tool takes the others. */
  backupKeys: BackupKeys;
  stop(): Promise<void>;
}

/**
 * The baseline policy every stack without consent publishes; same version and time everywhere,
 * so stacks agree. A stack with consent gets consent's seeded version instead (POLICY_SEED_DIR).
 */
export const BASELINE_POLICY = { version: 'e2e-baseline', publishedAt: '2026-01-01T00:00:00.000Z' };

/** Waits for `/readyz` on the app's management port (MANAGEMENT_PORT). */
async function ready(managementUrl: string, what: string, proc: AppProcess): Promise<void> {
  await waitFor(
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`${what} exited:\n${proc.output().slice(-4000)}`);
      return fetch(`${managementUrl}/readyz`).then((r) => r.status, () => 0);
    },
    (status) => status === 200,
    { timeoutMs: 90_000, intervalMs: 250, what: `${what} ready` },
  );
}

/**
 * Runs real app processes (from source, as `npm start` does) on the test PostgreSQL and Kafka:
 * identity, profile and the gateway with HTTPS, so e2e tests go through the public edge.
 */
export async function startPlatformStack(options: PlatformStackOptions = {}): Promise<PlatformStack> {
  const services = options.services ?? ['identity', 'profile'];
  const keys = generateAppKeys();
  const backupKeys = generateBackupKeys();
  const sealer = new SecretSealer(Buffer.from(keys.secretSealingKey, 'base64'));
  const unsubscribeTokens = new UnsubscribeTokens(Buffer.from(keys.unsubscribeTokenKey, 'base64'));
  const tlsDir = mkdtempSync(path.join(REPO_ROOT, '.data', 'test-tls-'));
  const certificate = ensureDevCertificate(tlsDir);
  const processes: { name: string; app: AppName; env: Record<string, string>; url: string; managementUrl: string; proc: AppProcess }[] = [];
  const databases: Record<StackService, TestDatabase | undefined> = { identity: undefined, profile: undefined, consent: undefined, notifications: undefined, retention: undefined, organizations: undefined, contacts: undefined };
  let probe: TestService | undefined;
  let probeDb: TestDatabase | undefined;
  // ---- backups (retention): a read-only role on every database of the stack, and a temp store.
  let backupRole: TestReadOnlyRole | undefined;
  const ownerRoles: TestOwnerRole[] = [];
  const backupDir = services.includes('retention') ? mkdtempSync(path.join(tmpdir(), 'sargs-e2e-backups-')) : undefined;
  const clients: ApiClient[] = [];
  const roots: ApiClient[] = [];
  const openedTokens: string[] = [];

  const stop = async () => {
    await Promise.all([...clients, ...roots].map((c) => c.close()));
    await Promise.all(processes.map(({ proc }) => proc.stop(15_000)));
    await probe?.close();
    await broker?.destroy();
    await Promise.all([...Object.values(databases), probeDb].map((db) => db?.drop()));
    await Promise.all(ownerRoles.map((role) => role.drop()));
    rmSync(tlsDir, { recursive: true, force: true });
    await backupRole?.drop();
    if (backupDir) rmSync(backupDir, { recursive: true, force: true });
  };

  // Each stack has a Kafka broker of its own: parallel test files never share a consumer group
  // or see each other's events (a policy published in one stack is not current in another).
  let broker: DedicatedBroker | undefined;
  try {
    broker = await startDedicatedBroker();
    const logLevel = process.env.SARGS_TEST_LOG_LEVEL ?? 'warn';
    const recorder = new IdentityEvents();
    const consentRecorder = new ConsentEvents();
    probeDb = await createTestDatabase('e2e_probe');
    probe = await startTestService({
      name: `e2e-probe-${randomBytes(4).toString('hex')}`,
      databaseUrl: probeDb.url,
      kafka: broker.access,
      controllers: [IdentityEventRecorder, ConsentEventRecorder],
      providers: [
        { provide: IdentityEvents, useValue: recorder },
        { provide: ConsentEvents, useValue: consentRecorder },
      ],
    });
    const publisher = probe.publisher;
    if (!services.includes('consent')) await probe.dataSource.transaction((manager) =>
      publisher.publish(manager, PolicyPublished, PRIVACY_POLICY_SUBJECT, {
        version: BASELINE_POLICY.version,
        publishedAt: BASELINE_POLICY.publishedAt,
        languages: ['lv', 'en'],
        sha256: { lv: '0'.repeat(64), en: '1'.repeat(64) },
      }),
    );

    const gatewayCount = options.gatewayInstances ?? 1;
    const gatewayPorts = await Promise.all(Array.from({ length: gatewayCount }, () => findFreePort()));
    const redirectPorts = await Promise.all(Array.from({ length: gatewayCount }, () => findFreePort()));
    const publicOrigin = `https://localhost:${gatewayPorts[0]}`;
    const serviceUrls: Record<string, string[]> = {};
    const starting: Promise<void>[] = [];
    // ---- backups (retention): every database exists before retention starts, so it can be given them all.
    let backupStore: { databases: string; dir: string } | undefined;
    if (backupDir) {
      for (const service of services) databases[service] = await createTestDatabase(`e2e_${service}`);
      backupRole = await createReadOnlyRole('e2e_backup');
      const role = backupRole;
      backupStore = { databases: services.map((s) => `${s}=${role.urlFor((databases[s] as TestDatabase).url)}`).join(','), dir: backupDir };
    }
    for (const service of services) {
      const db = databases[service] ?? (await createTestDatabase(`e2e_${service}`));
      databases[service] = db;
      // A service that holds tenant data always does: its tests must run under the row-level security they are about.
      const owner = options.ownRoles?.includes(service) || SERVICE_REGISTRY[service].tenantData ? await createOwnerRole(db, `e2e_${service}`) : undefined;
      if (owner) ownerRoles.push(owner);
      const count = options.instances?.[service] ?? (service === 'identity' ? (options.identityInstances ?? 1) : 1);
      for (let i = 0; i < count; i++) {
        const port = await findFreePort();
        const managementUrl = `http://127.0.0.1:${await findFreePort()}`;
        const env: Record<string, string> = {
          ...serviceEnv(service, {
            databaseUrl: owner?.url ?? db.url,
            kafkaBrokers: broker.brokers,
            kafkaCredentials: testServiceCredentials(service),
            secrets: { ...keys, ...backupKeys },
            smtpUrl: process.env[TEST_STACK_ENV.smtpUrl] ?? '',
            logLevel,
            port,
            managementPort: Number(new URL(managementUrl).port),
            publicOrigin,
            policySeedDir: path.join(REPO_ROOT, 'policies', 'privacy'),
            // The stack's own services are the participants of its erasures and exports.
            participants: services,
            backups: backupRole ? backupStore : 'off',
          }),
          // Quicker polling than production, so tests wait less.
          OUTBOX_POLL_INTERVAL_MS: '200',
          ...(service === 'notifications' ? { MAIL_POLL_INTERVAL_MS: '100', MAIL_RETRY_BASE_MS: '200', MAIL_RETRY_MAX_MS: '2000' } : {}),
          ...options.env?.[service],
          ...(service === 'identity' ? options.perInstanceEnv?.identity?.[i] : undefined),
        };
        const proc = startTestApp(service, env);
        processes.push({ name: `${service}#${i}`, app: service, env, url: `http://127.0.0.1:${port}`, managementUrl, proc });
        (serviceUrls[service] ??= []).push(`http://127.0.0.1:${port}`);
        starting.push(ready(managementUrl, `${service}#${i}`, proc));
      }
    }
    await Promise.all(starting);

    const closedPort = `http://127.0.0.1:${await findFreePort()}`;
    const gateways: Promise<void>[] = [];
    for (let i = 0; i < gatewayCount; i++) {
      // Gateway i talks to instance i (modulo their count) of each service.
      const serviceUrlsOfGateway = Object.fromEntries(Object.entries(serviceUrls).map(([service, urls]) => [service, urls[i % urls.length]]));
      const managementUrl = `http://127.0.0.1:${await findFreePort()}`;
      const gatewayEnvironment = {
        ...gatewayEnv({
          certificate,
          secrets: keys,
          logLevel,
          port: gatewayPorts[i],
          redirectPort: redirectPorts[i],
          managementPort: Number(new URL(managementUrl).port),
          publicOrigin,
          serviceUrls: serviceUrlsOfGateway,
          missingServiceUrl: closedPort,
        }),
        // Staff routes work with a password-only staff login in test stacks: a TOTP code works once
        // per 30 s, and suites log their staff in many times a minute. The default (true) is the
        // second-factor suite's subject (apps/identity/test/second-factor.e2e-spec.ts).
        STAFF_MFA_REQUIRED: 'false',
        ...options.env?.gateway,
      };
      const proc = startTestApp('gateway', gatewayEnvironment);
      processes.push({ name: `gateway#${i}`, app: 'gateway', env: gatewayEnvironment, url: `https://localhost:${gatewayPorts[i]}`, managementUrl, proc });
      const client = new ApiClient(`https://localhost:${gatewayPorts[i]}/api/v1`, publicOrigin, certificate.certFile);
      clients.push(client);
      const root = new ApiClient(`https://localhost:${gatewayPorts[i]}`, publicOrigin, certificate.certFile);
      roots.push(root);
      gateways.push(ready(managementUrl, `gateway#${i}`, proc));
    }
    await Promise.all(gateways);
    // Identity must have taken the baseline policy in before anyone can sign up.
    const identityDb = databases.identity;
    const currentPolicyVersion = async (): Promise<string> => {
      if (!identityDb) throw new Error('identity is not part of this stack');
      const { Client } = await import('pg');
      const pg = new Client({ connectionString: identityDb.url });
      await pg.connect();
      try {
        const rows = await pg.query<{ version: string }>('SELECT version FROM known_policy_version ORDER BY published_at DESC, version DESC LIMIT 1');
        return rows.rows[0]?.version ?? '';
      } finally {
        await pg.end();
      }
    };
    if (identityDb) await waitFor(currentPolicyVersion, (v) => v !== '', { timeoutMs: 60_000, what: 'identity to learn the current policy' });
    const consentDb = databases.consent;
    if (identityDb && consentDb) {
      const { Client } = await import('pg');
      const pg = new Client({ connectionString: consentDb.url });
      await pg.connect();
      try {
        const seeded = await pg.query<{ version: string }>('SELECT version FROM policy_version ORDER BY published_at DESC LIMIT 1');
        const version = seeded.rows[0]?.version;
        if (!version) throw new Error('consent published no seed policy');
        await waitFor(currentPolicyVersion, (v) => v === version, { timeoutMs: 60_000, what: `identity to learn consent's policy ${version}` });
      } finally {
        await pg.end();
      }
    }

    const handles = (): Record<AppName, StackProcess[]> => {
      const byApp = Object.fromEntries((['gateway', ...SARGS_SERVICES] as AppName[]).map((app) => [app, [] as StackProcess[]])) as Record<AppName, StackProcess[]>;
      for (const entry of processes) {
        byApp[entry.app].push({
          name: entry.name,
          app: entry.app,
          url: entry.url,
          managementUrl: entry.managementUrl,
          output: () => entry.proc.output(),
          stop: async (signal = 'SIGTERM') => {
            entry.proc.child.kill(signal);
            await entry.proc.exited();
          },
          restart: async (env = {}) => {
            if (entry.proc.running()) throw new Error(`${entry.name} is still running`);
            entry.env = { ...entry.env, ...env };
            entry.proc = startTestApp(entry.app, entry.env);
            await ready(entry.managementUrl, entry.name, entry.proc);
          },
        });
      }
      return byApp;
    };

    return {
      clients,
      client: clients[0],
      roots,
      publicOrigin,
      redirectPorts,
      databases,
      events: recorder.events,
      sealer,
      openToken: (event) => {
        const payload = event.payload as { token: Parameters<SecretSealer['open']>[0] };
        const token = sealer.open(payload.token, sealingContext(event.type, event.subjectId));
        openedTokens.push(token);
        return token;
      },
      openedTokens,
      currentPolicyVersion,
      consentEvents: consentRecorder.events,
      unsubscribeTokens,
      fullOutput: () => processes.map(({ proc }) => proc.output()).join('\n'),
      output: () => processes.map(({ name, proc }) => `--- ${name}\n${proc.output().slice(-3000)}`).join('\n'),
      processes: handles(),
      mail: new MailReader(process.env[TEST_STACK_ENV.maildevUrl] ?? 'http://127.0.0.1:1'),
      kafkaBrokers: broker.brokers,
      kafka: broker.access,
      backupDir,
      backupKeys,
      stop,
    };
  } catch (err) {
    const output = processes.map(({ name, proc }) => `--- ${name}\n${proc.output().slice(-3000)}`).join('\n');
    await stop().catch(() => undefined);
    throw new Error(`${(err as Error).message}\n${output}`);
  }
}
