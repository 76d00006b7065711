// Keycloak beside Sargs (the keycloak-peer scenario): the distribution from Maven Central, checked
// and unpacked once into .data/keycloak/, built for PostgreSQL, started in production mode, and a
// realm, a client and users made through its admin REST API.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { findFreePort, logErrors, openLog, spawnTracked, stopChild, type DevCertificate } from '@sargs/devstack';
import { waitFor, withDatabase } from '@sargs/testing';
import { Agent, request } from 'undici';

export const KEYCLOAK_VERSION = '26.7.3';
const ARTIFACT = `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.tar.gz`;
const ARTIFACT_URL = `https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist/${KEYCLOAK_VERSION}/${ARTIFACT}`;
const root = path.resolve(__dirname, '../..');
export const KEYCLOAK_DIR = path.join(root, '.data', 'keycloak');
/** Keycloak 26 needs Java 21 or later; KEYCLOAK_JAVA_HOME overrides. */
export const KEYCLOAK_JAVA_HOME = process.env.KEYCLOAK_JAVA_HOME ?? '/usr/lib/jvm/temurin-25-jdk-amd64';
/**
 * At most 1 GiB, so the JVM does not size itself from the machine's 24 GiB; kc.sh's own initial
 * 64 MiB, so its idle RSS is what it needs (with -Xms1g it reads as the whole heap, touched at start-up).
 */
export const KEYCLOAK_HEAP = '-Xms64m -Xmx1g';
/** Build-time options (a changed list rebuilds: the marker holds it). */
const BUILD_OPTIONS = ['--db=postgres'];
/** Start-up takes about a minute on an idle 2-core machine, several on a busy one. */
const READY_TIMEOUT_MS = 600_000;

export interface Argon2Cost {
  memoryKib: number;
  timeCost: number;
  parallelism: number;
}

async function download(url: string, file: string): Promise<string> {
  const response = await fetch(url).catch((err: Error) => {
    throw new Error(`Keycloak ${KEYCLOAK_VERSION} could not be downloaded from ${url} (${err.message}); Maven Central must be reachable, or put ${ARTIFACT} into ${KEYCLOAK_DIR} by hand`);
  });
  if (!response.ok || !response.body) throw new Error(`Keycloak ${KEYCLOAK_VERSION} could not be downloaded: ${url} answered ${response.status}`);
  const sha1 = createHash('sha1');
  const partial = `${file}.part-${process.pid}`;
  try {
    await pipeline(
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
      new Transform({ transform: (chunk: Buffer, _enc, done) => (sha1.update(chunk), done(null, chunk)) }),
      createWriteStream(partial),
    );
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return sha1.digest('hex');
}

async function expectedSha1(): Promise<string> {
  const file = path.join(KEYCLOAK_DIR, `${ARTIFACT}.sha1`);
  if (!existsSync(file)) {
    const response = await fetch(`${ARTIFACT_URL}.sha1`).catch((err: Error) => {
      throw new Error(`the SHA-1 of Keycloak ${KEYCLOAK_VERSION} could not be fetched from Maven Central (${err.message})`);
    });
    if (!response.ok) throw new Error(`the SHA-1 of Keycloak ${KEYCLOAK_VERSION} could not be fetched: ${ARTIFACT_URL}.sha1 answered ${response.status}`);
    writeFileSync(file, await response.text());
  }
  // The file may be "<sha1>" or "<sha1>  <name>".
  const sha1 = readFileSync(file, 'utf8').trim().split(/\s+/)[0].toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(sha1)) throw new Error(`${file} holds no SHA-1`);
  return sha1;
}

function fileSha1(file: string): string {
  return createHash('sha1').update(readFileSync(file)).digest('hex');
}

/**
 * The unpacked distribution (its home, with bin/kc.sh): downloaded and checked against Maven
 * Central's SHA-1 once, then reused.
 */
export async function ensureKeycloakDistribution(log: (m: string) => void): Promise<string> {
  const home = path.join(KEYCLOAK_DIR, `keycloak-${KEYCLOAK_VERSION}`);
  const unpackedMarker = path.join(home, '.unpacked');
  if (existsSync(unpackedMarker)) return home;

  mkdirSync(KEYCLOAK_DIR, { recursive: true });
  const tarball = path.join(KEYCLOAK_DIR, ARTIFACT);
  const expected = await expectedSha1();
  let actual = existsSync(tarball) ? fileSha1(tarball) : undefined;
  if (actual !== expected) {
    log(`Downloading Keycloak ${KEYCLOAK_VERSION} (about 170 MB) from Maven Central into ${KEYCLOAK_DIR} (once)...`);
    actual = await download(ARTIFACT_URL, tarball);
  }
  if (actual !== expected) {
    rmSync(tarball, { force: true });
    throw new Error(`${ARTIFACT} has SHA-1 ${actual}, but Maven Central says ${expected}: refused (and deleted)`);
  }

  // Unpacked beside, then renamed: an interrupted unpack is never half-used.
  const staging = path.join(KEYCLOAK_DIR, `unpack-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    const tar = spawnSync('tar', ['-xzf', tarball, '-C', staging], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`unpacking ${tarball} failed: ${tar.error?.message ?? tar.stderr}`);
    rmSync(home, { recursive: true, force: true });
    renameSync(path.join(staging, `keycloak-${KEYCLOAK_VERSION}`), home);
    writeFileSync(unpackedMarker, `${expected}\n`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return home;
}

function javaEnv(): Record<string, string> {
  const java = path.join(KEYCLOAK_JAVA_HOME, 'bin', 'java');
  if (!existsSync(java)) throw new Error(`Keycloak ${KEYCLOAK_VERSION} needs Java 21 or later, and ${java} does not exist; set KEYCLOAK_JAVA_HOME to a JDK 21+`);
  return { PATH: process.env.PATH ?? '', JAVA_HOME: KEYCLOAK_JAVA_HOME, JAVA_OPTS_KC_HEAP: KEYCLOAK_HEAP };
}

/** `kc.sh build` with BUILD_OPTIONS, skipped when the last build had the same ones. */
export function buildKeycloak(home: string, log: (m: string) => void): void {
  const marker = path.join(home, '.built-with');
  const wanted = BUILD_OPTIONS.join(' ');
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === wanted) return;
  log(`Building Keycloak (kc.sh build ${wanted})...`);
  const built = spawnSync(path.join(home, 'bin', 'kc.sh'), ['build', ...BUILD_OPTIONS], { cwd: home, env: javaEnv(), encoding: 'utf8', timeout: 600_000 });
  if (built.status !== 0) {
    throw new Error(`kc.sh build ${wanted} failed (exit ${built.status}${built.error ? `, ${built.error.message}` : ''}):\n${`${built.stdout}${built.stderr}`.split('\n').slice(-30).join('\n')}`);
  }
  writeFileSync(marker, `${wanted}\n`);
}

/** postgres://user:password@host:port/db as Keycloak's --db-url (JDBC) and credentials. */
export function jdbcFrom(databaseUrl: string): { url: string; username: string; password: string } {
  const url = new URL(databaseUrl);
  return {
    url: `jdbc:postgresql://${url.hostname}:${url.port || '5432'}${url.pathname}`,
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

export interface KeycloakOptions {
  home: string;
  databaseUrl: string;
  argon2: Argon2Cost;
  /** HTTPS with this certificate (PEM) and no plain HTTP; plain HTTP when absent. */
  certificate?: DevCertificate;
  log: (m: string) => void;
}

export interface RunningKeycloak {
  /** http(s)://127.0.0.1:<port> */
  baseUrl: string;
  /** The JVM's pid (a child of kc.sh, which waits on it to forward signals), for its RSS. */
  javaPid: number;
  admin: KeycloakAdmin;
  /** The error lines of its log, for a failure message. */
  logErrors(): string;
  stop(): Promise<void>;
}

/** kc.sh runs java as its child (it forwards SIGTERM), not by exec: the child's pid. */
function javaChildOf(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  const java = children.find((c) => {
    try {
      return readFileSync(`/proc/${c}/comm`, 'utf8').trim() === 'java';
    } catch {
      return false;
    }
  });
  if (java === undefined) throw new Error(`kc.sh (pid ${pid}) has no java child`);
  return java;
}

/** `kc.sh start --optimized`: production mode, on the given database, listening on 127.0.0.1 only. */
export async function startKeycloak(options: KeycloakOptions): Promise<RunningKeycloak> {
  const port = await findFreePort();
  const managementPort = await findFreePort();
  const jdbc = jdbcFrom(options.databaseUrl);
  const adminUser = 'bench-admin';
  const adminPassword = randomBytes(18).toString('base64url');
  const listen = options.certificate
    ? ['--http-enabled=false', `--https-port=${port}`, `--https-certificate-file=${options.certificate.certFile}`, `--https-certificate-key-file=${options.certificate.keyFile}`]
    : ['--http-enabled=true', `--http-port=${port}`];
  const args = [
    'start',
    '--optimized',
    `--db-url=${jdbc.url}`,
    `--db-username=${jdbc.username}`,
    '--http-host=127.0.0.1',
    ...listen,
    `--http-management-port=${managementPort}`,
    '--hostname-strict=false',
    // One node, as Sargs is measured: no JGroups cluster (it would listen on the host's address).
    '--cache=local',
    // The realm's password policy picks argon2; these set its cost (m in KiB, t, p).
    `--spi-password-hashing--argon2--memory=${options.argon2.memoryKib}`,
    `--spi-password-hashing--argon2--iterations=${options.argon2.timeCost}`,
    `--spi-password-hashing--argon2--parallelism=${options.argon2.parallelism}`,
    '--spi-password-hashing--argon2--type=id',
    '--log-level=info',
  ];
  const logFile = path.join(KEYCLOAK_DIR, 'keycloak.log');
  const fd = openLog(logFile, `kc.sh ${args.filter((a) => !a.startsWith('--db-')).join(' ')}`);
  let child: ChildProcess;
  try {
    child = spawnTracked(path.join(options.home, 'bin', 'kc.sh'), args, {
      cwd: options.home,
      // Secrets by environment, not on the command line (ps would show them).
      env: { ...javaEnv(), KC_DB_PASSWORD: jdbc.password, KC_BOOTSTRAP_ADMIN_USERNAME: adminUser, KC_BOOTSTRAP_ADMIN_PASSWORD: adminPassword },
      stdio: ['ignore', fd, fd],
      detached: true,
    });
  } catch (err) {
    throw new Error(`Keycloak could not be started (${(err as Error).message})`);
  } finally {
    // The child has its own copy of the log's descriptor.
    closeSync(fd);
  }
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = () => stopChild(child, { signal: 'SIGTERM', graceMs: 20_000 });
  const baseUrl = `${options.certificate ? 'https' : 'http'}://127.0.0.1:${port}`;
  const admin = new KeycloakAdmin(baseUrl, adminUser, adminPassword, options.certificate?.certFile);
  let javaPid: number;
  try {
    await waitFor(
      async () => {
        if (exited() || child.pid === undefined) throw new Error(`Keycloak exited while starting (log ${logFile}):\n${logErrors(logFile)}`);
        return admin.status('/realms/master');
      },
      (status) => status === 200,
      { timeoutMs: READY_TIMEOUT_MS, intervalMs: 500, what: `Keycloak answering on ${baseUrl} (log ${logFile})` },
    );
    javaPid = javaChildOf(child.pid as number);
  } catch (err) {
    await stop();
    await admin.close();
    throw new Error(`Keycloak ${KEYCLOAK_VERSION} did not start: ${(err as Error).message}`);
  }
  return {
    baseUrl,
    javaPid,
    admin,
    logErrors: () => logErrors(logFile),
    async stop() {
      await admin.close();
      await stop();
    },
  };
}

export interface RealmSpec {
  realm: string;
  clientId: string;
  users: { username: string; email: string; firstName: string; lastName: string }[];
  password: string;
}

/** The argon2 cost Keycloak stored with a password credential (its credential_data JSON). */
interface StoredCredential {
  algorithm?: string;
  hashIterations?: number;
  additionalParameters?: Record<string, string[]>;
}

/** The admin REST API as the bootstrap admin; HTTPS verified against the dev certificate. */
export class KeycloakAdmin {
  private readonly agent: Agent;
  private token: { value: string; until: number } | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly username: string,
    private readonly password: string,
    caFile?: string,
  ) {
    this.agent = new Agent({ connect: caFile ? { ca: readFileSync(caFile) } : {}, keepAliveTimeout: 1000 });
  }

  async status(pathname: string): Promise<number> {
    try {
      const response = await request(`${this.baseUrl}${pathname}`, { dispatcher: this.agent });
      await response.body.dump();
      return response.statusCode;
    } catch {
      return 0;
    }
  }

  /** A call that must answer 2xx; its JSON body, if any. */
  async call<T>(method: 'GET' | 'POST' | 'PUT', pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const response = await request(`${this.baseUrl}${pathname}`, {
      method,
      headers: { accept: 'application/json', ...(typeof body === 'object' ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      dispatcher: this.agent,
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`Keycloak ${method} ${pathname} answered ${response.statusCode}: ${text.slice(0, 500)}`);
    return { status: response.statusCode, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Form-encoded token request; the token response. */
  tokenRequest(realm: string, form: Record<string, string>): Promise<{ status: number; body: { access_token: string; expires_in: number } }> {
    return this.call('POST', `/realms/${realm}/protocol/openid-connect/token`, new URLSearchParams(form).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  }

  private async adminCall<T>(method: 'GET' | 'POST' | 'PUT', pathname: string, body?: unknown): Promise<T> {
    // The master realm's admin tokens live 60 s: a fresh one well before that.
    if (!this.token || Date.now() > this.token.until) {
      const { body: t } = await this.tokenRequest('master', { grant_type: 'password', client_id: 'admin-cli', username: this.username, password: this.password });
      this.token = { value: t.access_token, until: Date.now() + Math.min(30, t.expires_in / 2) * 1000 };
    }
    return (await this.call<T>(method, `/admin${pathname}`, body, { authorization: `Bearer ${this.token.value}` })).body;
  }

  /**
   * A realm with brute-force detection off and the argon2 password policy, a public client with
   * direct access grants (the password grant), and the users with that password, all enabled,
   * verified and complete (no required action stands between them and a token).
   */
  async createRealm(spec: RealmSpec): Promise<void> {
    await this.adminCall('POST', '/realms', {
      realm: spec.realm,
      enabled: true,
      bruteForceProtected: false,
      passwordPolicy: 'hashAlgorithm(argon2)',
      sslRequired: 'none',
      // Longer than the whole scenario: the read load uses one token throughout.
      accessTokenLifespan: 3600,
      ssoSessionIdleTimeout: 3600,
      ssoSessionMaxLifespan: 36_000,
    });
    const realm = await this.adminCall<{ bruteForceProtected?: boolean; passwordPolicy?: string }>('GET', `/realms/${spec.realm}`);
    if (realm.bruteForceProtected !== false || realm.passwordPolicy !== 'hashAlgorithm(argon2)') {
      throw new Error(`the Keycloak realm did not take the settings: bruteForceProtected ${realm.bruteForceProtected}, passwordPolicy ${realm.passwordPolicy}`);
    }
    await this.adminCall('POST', `/realms/${spec.realm}/clients`, {
      clientId: spec.clientId,
      enabled: true,
      publicClient: true,
      directAccessGrantsEnabled: true,
      standardFlowEnabled: false,
      protocol: 'openid-connect',
    });
    // A few at a time: each creation hashes the password (argon2, on Keycloak's 2 cores).
    const queue = [...spec.users];
    const worker = async () => {
      for (let user = queue.shift(); user; user = queue.shift()) {
        await this.adminCall('POST', `/realms/${spec.realm}/users`, {
          ...user,
          enabled: true,
          emailVerified: true,
          credentials: [{ type: 'password', value: spec.password, temporary: false }],
        });
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/**
 * Reads every password credential of the realm from Keycloak's database and throws unless each is
 * argon2id with exactly this cost: the comparison is void otherwise. Returns how many it checked.
 */
export async function assertStoredArgon2Cost(databaseUrl: string, realm: string, cost: Argon2Cost): Promise<number> {
  const rows = await withDatabase(databaseUrl, async (pg) =>
    (
      await pg.query<{ username: string; credential_data: string }>(
        `SELECT u.username, c.credential_data
           FROM credential c JOIN user_entity u ON u.id = c.user_id JOIN realm r ON r.id = u.realm_id
          WHERE r.name = $1 AND c.type = 'password'`,
        [realm],
      )
    ).rows,
  );
  if (rows.length === 0) throw new Error(`Keycloak's database holds no password credential in realm ${realm}`);
  for (const row of rows) {
    const data = JSON.parse(row.credential_data) as StoredCredential;
    const p = data.additionalParameters ?? {};
    const got = `${data.algorithm} type=${p.type?.[0]} m=${p.memory?.[0]} t=${data.hashIterations} p=${p.parallelism?.[0]}`;
    const want = `argon2 type=id m=${cost.memoryKib} t=${cost.timeCost} p=${cost.parallelism}`;
    if (got !== want) throw new Error(`Keycloak stored ${row.username}'s password as ${got}, not ${want}: the comparison would not be like for like`);
  }
  return rows.length;
}
