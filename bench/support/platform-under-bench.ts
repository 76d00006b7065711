import { availableParallelism } from 'node:os';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as argon2 from 'argon2';
import { ensureDevCertificate, findFreePort, gatewayEnv, serviceEnv, startAppProcess, type AppName, type AppProcess, type ServiceName } from '@sargs/devstack';
import { ApiClient, createOwnerRole, sessionCookie, waitFor, withDatabase } from '@sargs/testing';
import { ARGON2_FLOOR } from '../../apps/identity/src/config/app-config';
import type { BenchInfrastructure } from './bench-infrastructure';

const root = path.resolve(__dirname, '../..');
/** High enough that the gateway's per-address limits never answer 429 to the one bench client. */
const UNLIMITED = '1000000000';
/** `BENCH_CPU_PROF=gateway,identity npm run bench login` writes V8 CPU profiles of those apps here. */
const PROFILE_DIR = path.join(root, '.data', 'bench-profiles');

/** The services a scenario can start behind the gateway: any of the registry's. */
export type BenchService = ServiceName;

export interface PlatformOptions {
  /** Default: identity and profile. The gateway gets each started one's URL. */
  services?: readonly BenchService[];
  /** identity's first staff account (SARGS_ADMIN_EMAIL / SARGS_ADMIN_PASSWORD): roles admin and dpo. */
  staff?: { email: string; password: string };
  /**
   * The scenario already moved these services' consumer groups to the end (`infra.startFromNow`)
   * and then published a backlog they must read (audit-trail); default: move them now.
   */
  backlogToRead?: boolean;
  /**
   * Services that log in with a role of their own that owns their database, as in production,
   * instead of the superuser: row-level security (tenant isolation) binds only such a role, so a
   * figure of a tenant route means something only then. `databaseUrl()` stays the superuser's.
   */
  ownRoles?: readonly BenchService[];
  /**
   * identity and gateway instances (default 1), as replicas behind a load balancer would be: every
   * identity on the one database and consumer group, gateway i forwarding to identity i, every
   * gateway with the first one's public origin. The other services run once, shared by all.
   */
  instances?: number;
}

/** One gateway of several (`instances`), with the identity it forwards to. */
export interface GatewayInstance {
  /** https://127.0.0.1:<its port>/api/v1 */
  apiBase: string;
  /** Its client; writes carry the shared public origin, as a browser's would. */
  api: ApiClient;
  /** The management address of the identity this gateway forwards to; '' when identity is not started. */
  identityManagementUrl: string;
}

export interface SeededAccount {
  id: string;
  email: string;
  name: string;
}

/** The chosen services and the gateway, built (dist/), on the bench's PostgreSQL and Kafka. */
export interface PlatformUnderBench {
  /** https://127.0.0.1:<port>/api/v1 */
  apiBase: string;
  /** identity's management address (its /healthz, not the public API); '' when not started. */
  identityManagementUrl: string;
  api: ApiClient;
  /** The same gateway at its root (https://127.0.0.1:<port>), for the web pages and their assets. */
  root: ApiClient;
  /** Each started app's process (idle-memory reads their RSS). */
  processes: AppProcess[];
  /** Every gateway, the first being `api`/`apiBase` (one entry unless `instances` > 1). */
  gateways: GatewayInstance[];
  /** The database of a started service (to read what it did, e.g. its outbox). */
  databaseUrl(service: BenchService): string;
  /** The same database as the service itself logs in (its own role, for `ownRoles`; else the same as databaseUrl). */
  serviceDatabaseUrl(service: BenchService): string;
  /** Verified, active accounts written straight into identity's database, all with `passwordHash`. */
  seedAccounts(count: number, passwordHash: string): Promise<SeededAccount[]>;
  /** The profile row profile would have built from AccountRegistered. */
  seedProfile(account: SeededAccount): Promise<void>;
  /** Logs in through the gateway; the `__Host-sid` value. */
  login(email: string, password: string): Promise<string>;
  stop(): Promise<void>;
}

/** argon2id with identity's default cost, so identity verifies it as it would its own (and never rehashes). */
export function benchPasswordHash(password: string): Promise<string> {
  return argon2.hash(password, {
    type: argon2.argon2id,
    memoryCost: ARGON2_FLOOR.memoryKib,
    timeCost: ARGON2_FLOOR.timeCost,
    parallelism: ARGON2_FLOOR.parallelism,
  });
}

/** A built app (dist/) as a child process, with LOG_LEVEL warn; BENCH_CPU_PROF may name it for a CPU profile. */
export function startApp(app: AppName, env: Record<string, string>): AppProcess {
  const profiled = (process.env.BENCH_CPU_PROF ?? '').split(',').includes(app);
  if (profiled) mkdirSync(PROFILE_DIR, { recursive: true });
  const nodeFlags = profiled ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${app}-${Date.now()}.cpuprofile`] : [];
  // LOG_LEVEL warn: no per-request log line.
  return startAppProcess(app, { from: 'built', nodeFlags, env: { ...env, LOG_LEVEL: 'warn' }, keepChars: 8000 });
}

/** Resolves when `<managementUrl>/readyz` answers 200; throws when the app exits first. */
export async function ready(app: AppProcess, managementUrl: string): Promise<void> {
  await waitFor(
    async () => {
      if (!app.running()) throw new Error(`${app.name} exited:\n${app.output()}`);
      return fetch(`${managementUrl}/readyz`).then((r) => r.status, () => 0);
    },
    (status) => status === 200,
    { timeoutMs: 90_000, intervalMs: 250, what: `${app.name} ready` },
  );
}

export async function startPlatformUnderBench(infra: BenchInfrastructure, options: PlatformOptions = {}): Promise<PlatformUnderBench> {
  const services = options.services ?? ['identity', 'profile'];
  const certificate = ensureDevCertificate(path.join(root, '.data', 'tls'));
  const apps: AppProcess[] = [];
  const stop = async () => {
    // The gateway first, so nothing new reaches the services while they close.
    for (const app of [...apps].reverse()) await app.stop();
  };
  try {
    if (!options.backlogToRead) await infra.startFromNow(services);
    const databases: Partial<Record<BenchService, string>> = {};
    const serviceDatabases: Partial<Record<BenchService, string>> = {};
    const urls: Partial<Record<BenchService, string>> = {};
    const managementUrls: Partial<Record<BenchService, string>> = {};
    const instances = options.instances ?? 1;
    const identityInstances: { url: string; managementUrl: string }[] = [];
    /** The same service once more on the same database and broker, on ports of its own. */
    const startAnotherInstance = async (service: BenchService, env: Record<string, string>) => {
      const [port, managementPort] = [await findFreePort(), await findFreePort()];
      const app = startApp(service, { ...env, PORT: String(port), MANAGEMENT_PORT: String(managementPort) });
      apps.push(app);
      const instance = { url: `http://127.0.0.1:${port}`, managementUrl: `http://127.0.0.1:${managementPort}` };
      await ready(app, instance.managementUrl);
      return instance;
    };
    for (const service of services) {
      const port = await findFreePort();
      const databaseUrl = await infra.createDatabase(`bench_${service}`);
      databases[service] = databaseUrl;
      // The role lives as long as the bench's server (a throwaway one): nothing to drop.
      const owner = options.ownRoles?.includes(service)
        ? await createOwnerRole({ name: new URL(databaseUrl).pathname.slice(1), url: databaseUrl, drop: () => Promise.resolve() }, `bench_${service}`)
        : undefined;
      serviceDatabases[service] = owner?.url ?? databaseUrl;
      const managementPort = await findFreePort();
      // consent's env carries UNSUBSCRIBE_TOKEN_KEY and POLICY_SEED_DIR: it publishes the seeded policy at boot.
      // notifications' env carries SMTP_URL: the MailDev the bench infrastructure started.
      // retention waits for exactly the started services; backups are off (the default names the
      // local stack's databases) unless the bench itself runs with BACKUP_DATABASES and BACKUP_DIR.
      const env = serviceEnv(service, {
        databaseUrl: owner?.url ?? databaseUrl,
        kafkaBrokers: infra.infra.kafkaBrokers,
        kafkaCredentials: infra.infra.kafkaCredentials(service),
        secrets: infra.infra.secrets,
        smtpUrl: infra.infra.smtpUrl,
        admin: options.staff,
        port,
        managementPort,
        participants: services,
        backups: process.env.BACKUP_DATABASES ? { databases: process.env.BACKUP_DATABASES, dir: process.env.BACKUP_DIR ?? '' } : 'off',
      });
      // Load generators speak from one address for many people at once. identity reserves a
      // password check per client before running it, so more checks in flight than the client's
      // free attempts would answer 429; the reservation still runs, only its limit is lifted.
      if (service === 'identity') env.LOGIN_FREE_ATTEMPTS_PER_CLIENT = '100000';
      // One password hash per core, as a deployment sets it per CPU (docs/identity.md).
      if (service === 'identity') env.PASSWORD_HASH_CONCURRENCY = String(availableParallelism());
      const app = startApp(service, env);
      apps.push(app);
      urls[service] = `http://127.0.0.1:${port}`;
      managementUrls[service] = `http://127.0.0.1:${managementPort}`;
      await ready(app, managementUrls[service]);
      if (service === 'identity') {
        identityInstances.push({ url: urls[service], managementUrl: managementUrls[service] });
        // Started after the first is ready: its migrations are done, the others only join.
        for (let i = 1; i < instances; i++) identityInstances.push(await startAnotherInstance(service, env));
      }
    }

    const databaseUrl = (service: BenchService): string => {
      const url = databases[service];
      if (!url) throw new Error(`${service} was not started`);
      return url;
    };

    const gatewayPort = await findFreePort();
    const gatewayManagementPort = await findFreePort();
    const origin = `https://127.0.0.1:${gatewayPort}`;
    const api = new ApiClient(`${origin}/api/v1`, origin, certificate.certFile);
    const gatewayRoot = new ApiClient(origin, origin, certificate.certFile);
    const missingServiceUrl = `http://127.0.0.1:${await findFreePort()}`;
    const startGateway = (port: number, managementPort: number, serviceUrls: Partial<Record<BenchService, string>>): AppProcess =>
      startApp('gateway', {
        ...gatewayEnv({ certificate, secrets: infra.infra.secrets, port, redirectPort: 0, managementPort, publicOrigin: origin, serviceUrls, missingServiceUrl }),
        RATE_LIMIT_PER_MINUTE: UNLIMITED,
        RATE_LIMIT_SENSITIVE_PER_MINUTE: UNLIMITED,
        // Scenarios that act as staff log in with the password alone: they measure staff work, not logins.
        STAFF_MFA_REQUIRED: 'false',
      });
    const gateway = startGateway(gatewayPort, gatewayManagementPort, urls);
    apps.push(gateway);
    await ready(gateway, `http://127.0.0.1:${gatewayManagementPort}`).catch(async (err: unknown) => {
      await gatewayRoot.close();
      throw err;
    });
    const gateways: GatewayInstance[] = [{ apiBase: `${origin}/api/v1`, api, identityManagementUrl: managementUrls.identity ?? '' }];
    const closeOtherGateways = () => Promise.all(gateways.slice(1).map((g) => g.api.close()));
    try {
      for (let i = 1; i < instances; i++) {
        const identity = identityInstances[i % Math.max(1, identityInstances.length)];
        const [port, managementPort] = [await findFreePort(), await findFreePort()];
        const other = startGateway(port, managementPort, identity ? { ...urls, identity: identity.url } : urls);
        apps.push(other);
        const apiBase = `https://127.0.0.1:${port}/api/v1`;
        gateways.push({ apiBase, api: new ApiClient(apiBase, origin, certificate.certFile), identityManagementUrl: identity?.managementUrl ?? '' });
        await ready(other, `http://127.0.0.1:${managementPort}`);
      }
    } catch (err) {
      await Promise.all([api.close(), gatewayRoot.close(), closeOtherGateways()]);
      throw err;
    }

    return {
      apiBase: `${origin}/api/v1`,
      identityManagementUrl: managementUrls.identity ?? '',
      api,
      root: gatewayRoot,
      processes: apps,
      gateways,
      databaseUrl,
      serviceDatabaseUrl: (service) => serviceDatabases[service] ?? databaseUrl(service),
      seedAccounts: (count, passwordHash) =>
        withDatabase(databaseUrl('identity'), async (pg) => {
          const { rows } = await pg.query<SeededAccount>(
            `INSERT INTO account (id, email, name, password_hash, language, roles, status, email_verified_at, password_changed_at)
             SELECT gen_random_uuid(), 'bench-' || g || '@example.test', 'Bench Person ' || g, $1, 'en', '{user}', 'active', now(), now()
               FROM generate_series(1, $2::int) g
             RETURNING id, email, name`,
            [passwordHash, count],
          );
          return rows;
        }),
      seedProfile: (account) =>
        withDatabase(databaseUrl('profile'), async (pg) => {
          await pg.query(`INSERT INTO profile (account_id, name, email, language) VALUES ($1, $2, $3, 'en')`, [account.id, account.name, account.email]);
        }),
      async login(email, password) {
        const response = await api.post('/sessions', { email, password });
        const token = sessionCookie(response);
        if (response.status !== 200 || !token) throw new Error(`login through the gateway answered ${response.status}: ${response.text}`);
        return token;
      },
      async stop() {
        await api.close();
        await gatewayRoot.close();
        await closeOtherGateways();
        await stop();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
