import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { assertConsumerGroupEmpty, consumerGroupOf, replayTargets, resetGroupOffsetsToTime, type GroupOffsetChange, type KafkaAccess, type ReplayTarget } from '@sargs/platform/messaging';
import { decryptStream } from '../../apps/retention/src/backups/backup-encryption';
import type { BackupManifest } from '../../apps/retention/src/backups/backup-manifest';
import type { BackupStore } from '../../apps/retention/src/backups/backup-store';
import { libpqConnection, pgChildEnv } from '../../apps/retention/src/backups/pg-dump';
import { markReplayPending, REPLAY_GATED, replayTopicsOf } from './replay-mark';
import { BackupVerificationError, verifiedManifest, verifyDump, type BackupKeys } from './verify-backup';

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
  /** The manifest's signature public key and the dumps' age identity (never on the backup volume). */
  keys: BackupKeys;
  log: (line: string) => void;
}

export interface RestoreResult {
  manifest: BackupManifest;
  replayFrom: Date;
  offsets: Record<string, (GroupOffsetChange & { topic: string })[]>;
}

/** Something the operator must fix before a restore can run; nothing has been changed yet. */
export class RestorePreconditionError extends Error {}

/** A backup set that fails verification is a precondition not met: nothing has been changed. */
function asPrecondition(err: unknown): never {
  if (err instanceof BackupVerificationError) throw new RestorePreconditionError(err.message);
  throw err;
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

/**
 * pg_restore --clean --if-exists of one dump, decrypted as it streams, in one transaction: the
 * database is either restored whole or left as it was (a chunk that fails to decrypt ends pg_restore).
 */
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
  const input = await decryptStream(options.store.read(key), options.keys.identity).catch((err: Error) => {
    child.kill('SIGKILL');
    throw new Error(`the dump of ${target.name} cannot be decrypted (${err.message}); the database was left as it was`);
  });
  input.on('error', () => child.kill('SIGKILL'));
  child.stdin.on('error', () => undefined);
  input.pipe(child.stdin);
  const code = await exited;
  if (code !== 0) throw new Error(`pg_restore of ${target.name} failed (${code}); the database was left as it was:\n${stderr.trim()}`);
}

/**
 * Restores databases from a backup, then makes each restored service replay the erasure ledger
 * (privacy.erasure.v1) from the backup's time when it starts again, so nobody erased since the
 * backup comes back (R14), and the other ledgers of RESTORE_REPLAY_TOPICS (identity's closures
 * and credential changes, which identity replays before it answers again; the audit topics). The services must be stopped: Kafka moves a group's offsets only when
 * it is empty, and a restore under a running service would be overwritten or broken by it.
 *
 * Order: checks (backup complete, its manifest signed by the given key and unaltered, each
 * dump's size, SHA-256 and decryption, services stopped), then the offsets, then the databases.
 * Offsets first: replaying more than needed is harmless, restoring without the replay is not.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { store, backupId, targets, log } = options;
  const manifest = await verifiedManifest(store, backupId, options.keys.signingPublicKey).catch(asPrecondition);
  const dumps = new Map(manifest.databases.map((d) => [d.name, d]));
  const missing = targets.filter((t) => !dumps.has(t.name)).map((t) => t.name);
  if (missing.length > 0) throw new RestorePreconditionError(`backup ${backupId} has no dump of ${missing.join(', ')} (it has ${[...dumps.keys()].join(', ')})`);

  for (const target of targets) {
    const dump = dumps.get(target.name) as BackupManifest['databases'][number];
    await verifyDump(store, dump, options.keys.identity).catch(asPrecondition);
    log(`${target.name}: dump checked (${dump.bytes} bytes, sha256 ${dump.sha256.slice(0, 12)}…, signed manifest, decrypts)`);
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
  const offsets: RestoreResult['offsets'] = {};
  // Where each gated service's replay ends: the ends of its ledgers now, with its group moved back.
  const ends = new Map<string, ReplayTarget[]>();
  for (const target of targets) {
    const group = consumerGroupOf(target.name);
    offsets[target.name] = [];
    for (const topic of replayTopicsOf(target.name)) {
      const moved = await resetGroupOffsetsToTime(options.kafka, group, topic, replayFrom);
      offsets[target.name].push(...moved.map((change) => ({ topic, ...change })));
      log(`${target.name}: consumer group ${group} will replay ${topic} from ${replayFrom.toISOString()} (${moved.length} partition(s) moved back)`);
    }
    if (REPLAY_GATED.has(target.name)) ends.set(target.name, await replayTargets(options.kafka, group, replayTopicsOf(target.name)));
  }

  for (const target of targets) {
    await pgRestore(options, target, (dumps.get(target.name) as BackupManifest['databases'][number]).key);
    const end = ends.get(target.name);
    // Written after the restore, which replaces the whole database: the service refuses logins until it has replayed up to here.
    if (end) await markReplayPending(target.url, backupId, end);
    log(`${target.name}: database restored from backup ${backupId} (taken ${manifest.startedAt})${end ? `; it answers 503 until it has replayed ${end.length} partition(s)` : ''}`);
  }
  return { manifest, replayFrom, offsets };
}
