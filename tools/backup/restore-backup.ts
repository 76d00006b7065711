import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { TOPICS } from '@sargs/contracts';
import { assertConsumerGroupEmpty, consumerGroupOf, resetGroupOffsetsToTime, type GroupOffsetChange, type KafkaAccess } from '@sargs/platform/messaging';
import { readManifest, type BackupManifest } from '../../apps/retention/src/backups/backup-manifest';
import type { BackupStore } from '../../apps/retention/src/backups/backup-store';
import { libpqConnection, pgChildEnv } from '../../apps/retention/src/backups/pg-dump';

/** One database to restore: the service's name in the backup and a URL with its owner's credentials. */
export interface RestoreTarget {
  name: string;
  url: string;
}

export interface RestoreOptions {
  store: BackupStore;
  backupId: string;
  targets: RestoreTarget[];
  /** The admin principal: it moves the services' consumer groups. */
  kafka: KafkaAccess;
  /**
   * The erasure ledger is replayed from this long before the backup started: an erasure
   * published just before it may have been consumed only after a database's dump began.
   * Replaying more is harmless (the inbox knows what the restored database already did).
   */
  replayMarginMs: number;
  pgRestorePath: string;
  log: (line: string) => void;
}

export interface RestoreResult {
  manifest: BackupManifest;
  replayFrom: Date;
  offsets: Record<string, GroupOffsetChange[]>;
}

/** Something the operator must fix before a restore can run; nothing has been changed yet. */
export class RestorePreconditionError extends Error {}

async function sha256Of(store: BackupStore, key: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of store.read(key)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function otherConnections(url: string): Promise<number> {
  const client = new Client({ connectionString: url, application_name: 'sargs-restore', connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** pg_restore --clean --if-exists of one dump, in one transaction: the database is either restored whole or left as it was. */
async function pgRestore(options: RestoreOptions, target: RestoreTarget, key: string): Promise<void> {
  const { dbname, env } = libpqConnection(target.url);
  const child = spawn(
    options.pgRestorePath,
    ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', '--no-password', `--dbname=${dbname}`],
    { env: pgChildEnv({ ...env, PGAPPNAME: 'sargs-restore' }), stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (err) => resolve((err as NodeJS.ErrnoException).code ?? err.message));
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const input = options.store.read(key);
  input.on('error', () => child.kill('SIGKILL'));
  child.stdin.on('error', () => undefined);
  input.pipe(child.stdin);
  const code = await exited;
  if (code !== 0) throw new Error(`pg_restore of ${target.name} failed (${code}); the database was left as it was:\n${stderr.trim()}`);
}

/**
 * Restores databases from a backup, then makes each restored service replay the erasure ledger
 * (privacy.erasure.v1) from the backup's time when it starts again, so nobody erased since the
 * backup comes back (R14). The services must be stopped: Kafka moves a group's offsets only when
 * it is empty, and a restore under a running service would be overwritten or broken by it.
 *
 * Order: checks (backup complete, checksums, services stopped), then the offsets, then the
 * databases. Offsets first: replaying more than needed is harmless, restoring without the replay
 * is not.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { store, backupId, targets, log } = options;
  const manifest = await readManifest(store, backupId);
  if (!manifest) throw new RestorePreconditionError(`backup ${backupId} is not in the store, or is incomplete (no manifest.json)`);
  const dumps = new Map(manifest.databases.map((d) => [d.name, d]));
  const missing = targets.filter((t) => !dumps.has(t.name)).map((t) => t.name);
  if (missing.length > 0) throw new RestorePreconditionError(`backup ${backupId} has no dump of ${missing.join(', ')} (it has ${[...dumps.keys()].join(', ')})`);

  for (const target of targets) {
    const dump = dumps.get(target.name) as BackupManifest['databases'][number];
    const actual = await sha256Of(store, dump.key);
    if (actual !== dump.sha256) throw new RestorePreconditionError(`the dump of ${target.name} does not match its SHA-256 (damaged or altered); nothing was restored`);
    log(`${target.name}: dump checked (${dump.bytes} bytes, sha256 ${dump.sha256.slice(0, 12)}…)`);
  }

  const running: string[] = [];
  for (const target of targets) {
    try {
      await assertConsumerGroupEmpty(options.kafka, consumerGroupOf(target.name));
    } catch (err) {
      running.push(`${target.name} (${(err as Error).message})`);
      continue;
    }
    const connections = await otherConnections(target.url);
    if (connections > 0) running.push(`${target.name} (${connections} other connection(s) to its database)`);
  }
  if (running.length > 0) throw new RestorePreconditionError(`stop these services before restoring; nothing was changed:\n  ${running.join('\n  ')}`);

  const replayFrom = new Date(Date.parse(manifest.startedAt) - options.replayMarginMs);
  const offsets: Record<string, GroupOffsetChange[]> = {};
  for (const target of targets) {
    const group = consumerGroupOf(target.name);
    offsets[target.name] = await resetGroupOffsetsToTime(options.kafka, group, TOPICS.privacyErasure, replayFrom);
    const moved = offsets[target.name].length;
    log(`${target.name}: consumer group ${group} will replay ${TOPICS.privacyErasure} from ${replayFrom.toISOString()} (${moved} partition(s) moved back)`);
  }

  for (const target of targets) {
    await pgRestore(options, target, (dumps.get(target.name) as BackupManifest['databases'][number]).key);
    log(`${target.name}: database restored from backup ${backupId} (taken ${manifest.startedAt})`);
  }
  return { manifest, replayFrom, offsets };
}
