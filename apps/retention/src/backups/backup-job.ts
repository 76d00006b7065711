import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { Counter, Gauge } from 'prom-client';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { BACKUP_SUBJECT, BackupCompleted } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { APP_LOGGER, metricsRegistry, type Logger } from '@sargs/platform/observability';
import { AuditRecorder } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { RETENTION_CONFIG } from '../config/retention-config.token';
import { dumpKey, manifestKey, readManifest, type BackupManifest } from './backup-manifest';
import { deleteBackup, storedBackupIds, type BackupStore } from './backup-store';
import type { BackupDatabase } from './backups.config';
import { dumpToStore } from './pg-dump';

/** The store, or null when backups are off (BACKUP_DATABASES empty). */
export const BACKUP_STORE = Symbol('BACKUP_STORE');
/** The job's clock; tests move it. */
export const BACKUP_CLOCK = Symbol('BACKUP_CLOCK');
export type Clock = () => Date;

/** Session advisory lock: one backup (or purge) at a time across retention instances. */
const BACKUP_LOCK_KEY = 727_003;
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** How often the schedule looks whether a backup or a purge is due. */
const MAX_TICK_MS = 60_000;

const backupsFinished = new Counter({
  name: 'sargs_backups_total',
  help: 'Backups that finished, by outcome (completed, failed)',
  labelNames: ['outcome'],
  registers: [metricsRegistry],
});
const lastCompleted = new Gauge({
  name: 'sargs_backup_last_completed_timestamp_seconds',
  help: 'When the newest completed backup started (alert when it is older than the interval plus a margin)',
  registers: [metricsRegistry],
});
const backupsDeleted = new Counter({
  name: 'sargs_backups_deleted_total',
  help: 'Backups deleted from the store because they expired, failed or were left incomplete',
  registers: [metricsRegistry],
});

export class BackupConflictError extends Error {}

interface Lock {
  runner: QueryRunner;
  release(): Promise<void>;
}

/**
 * Backups (R14): on schedule or on a staff request, `pg_dump --format=custom` of every database
 * in BACKUP_DATABASES (with the read-only backup role) into the store, a manifest last, a
 * catalogue row, and BackupCompleted; then every expired backup is deleted. One run at a time
 * (a Postgres advisory lock), whichever instance holds it.
 *
 * The store is the truth for what exists: each run first reconciles the catalogue with it, so a
 * crash mid-backup, or a restore of retention's own database (which rewinds the catalogue),
 * leaves no backup behind that nothing would ever delete.
 */
@Injectable()
export class BackupJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private lastPurgeAt = 0;
  private running?: Promise<void>;
  private readonly stopping = new AbortController();

  constructor(
    @Inject(RETENTION_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    @Inject(BACKUP_STORE) private readonly store: BackupStore | null,
    @Inject(BACKUP_CLOCK) private readonly clock: Clock,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    private readonly audit: AuditRecorder,
  ) {}

  get enabled(): boolean {
    return this.store !== null && this.config.BACKUP_DATABASES.length > 0;
  }

  /** Purges run at least this often and delete what expires before the next one: none is kept past its expiry. */
  private get purgeEveryMs(): number {
    return Math.min(this.config.BACKUP_INTERVAL_MS, HOUR_MS);
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) {
      this.logger.warn('backups are off: BACKUP_DATABASES is not set (R14 needs them in production)');
      return;
    }
    this.logger.info(
      { databases: this.config.BACKUP_DATABASES.map((d) => d.name), intervalMs: this.config.BACKUP_INTERVAL_MS, retentionDays: this.config.BACKUP_RETENTION_DAYS },
      'backups scheduled',
    );
    this.timer = setInterval(() => void this.tick(), Math.min(this.config.BACKUP_INTERVAL_MS, MAX_TICK_MS));
    this.timer.unref();
    // At once: reconcile with the store and purge (after a restore of this database, a crash, a
    // long stop); a backup if one is due, or if there has never been one.
    void this.tick();
  }

  /** Stops pg_dump (the row stays `running`; the next run records it as failed) and waits for the run to end. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.stopping.abort();
    await this.running?.catch(() => undefined);
  }

  /**
   * The schedule: a backup at once when the catalogue has none (a new installation is never
   * without one for a whole interval), then once one interval has passed since the last one
   * started, so restarts neither skip nor repeat the cycle; otherwise a purge every `purgeEveryMs`.
   */
  async tick(): Promise<void> {
    if (this.ticking || this.stopping.signal.aborted) return;
    this.ticking = true;
    try {
      if (await this.backupDue()) await this.start(null, { onlyIfDue: true }).catch((err: unknown) => this.ignoreConflict(err));
      else if (this.clock().getTime() - this.lastPurgeAt >= this.purgeEveryMs) await this.purgeAlone();
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message } }, 'backup schedule failed');
    } finally {
      this.ticking = false;
    }
  }

  private ignoreConflict(err: unknown): void {
    if (!(err instanceof BackupConflictError)) throw err;
  }

  private async backupDue(): Promise<boolean> {
    const [row]: { last: Date | null }[] = await this.dataSource.query('SELECT max(started_at) AS last FROM backup');
    if (!row?.last) return true;
    return row.last.getTime() + this.config.BACKUP_INTERVAL_MS <= this.clock().getTime();
  }

  /**
   * Starts a backup and returns its id once its catalogue row exists; the dumps go on in the
   * background under the lock. BackupConflictError when backups are off or one is running.
   */
  async start(requestedBy: string | null, options: { onlyIfDue?: boolean } = {}): Promise<{ id: string; done: Promise<void> }> {
    if (!this.enabled) throw new BackupConflictError('Backups are off: BACKUP_DATABASES is not set');
    const lock = await this.tryLock();
    if (!lock) throw new BackupConflictError('A backup is running; try again when it has finished');
    let id: string;
    let startedAt: Date;
    try {
      // Another instance may have run it between our look and the lock.
      if (options.onlyIfDue && !(await this.backupDue())) throw new BackupConflictError('No backup is due');
      id = randomUUID();
      startedAt = this.clock();
      const expiresAt = new Date(startedAt.getTime() + this.config.BACKUP_RETENTION_DAYS * DAY_MS);
      await this.dataSource.query(`INSERT INTO backup (id, started_at, expires_at, status, requested_by) VALUES ($1, $2, $3, 'running', $4)`, [
        id,
        startedAt,
        expiresAt,
        requestedBy,
      ]);
    } catch (err) {
      await lock.release();
      throw err;
    }
    const done = this.runLocked(id, startedAt).finally(() => lock.release());
    this.running = done;
    return { id, done };
  }

  /** Deletes what has expired (and leftovers of failed runs), under the lock; skipped while a backup runs. */
  async purgeAlone(): Promise<boolean> {
    const lock = await this.tryLock();
    if (!lock) return false;
    try {
      await this.reconcileAndPurge(null);
      return true;
    } finally {
      await lock.release();
    }
  }

  private async runLocked(id: string, startedAt: Date): Promise<void> {
    const store = this.store as BackupStore;
    try {
      await this.reconcileAndPurge(id);
      const dumps: BackupManifest['databases'] = [];
      for (const database of this.config.BACKUP_DATABASES) {
        if (this.stopping.signal.aborted) throw new Error('retention stopped during the backup');
        await this.assertReadOnlyRole(database);
        const key = dumpKey(id, database.name);
        const result = await dumpToStore({ pgDumpPath: this.config.PG_DUMP_PATH, url: database.url, store, key, label: database.name, signal: this.stopping.signal });
        dumps.push({ name: database.name, key, ...result });
      }
      const [row]: { expires_at: Date }[] = await this.dataSource.query('SELECT expires_at FROM backup WHERE id = $1', [id]);
      const manifest: BackupManifest = {
        backupId: id,
        startedAt: startedAt.toISOString(),
        finishedAt: this.clock().toISOString(),
        expiresAt: row.expires_at.toISOString(),
        databases: dumps,
      };
      // Written last: a backup with a manifest is complete, whatever the catalogue says.
      await store.put(manifestKey(id), Readable.from([Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)]));
      await this.dataSource.transaction((manager) => this.recordCompleted(manager, manifest));
      backupsFinished.inc({ outcome: 'completed' });
      lastCompleted.set(startedAt.getTime() / 1000);
      this.logger.info({ backupId: id, databases: dumps.map((d) => ({ name: d.name, bytes: d.bytes })) }, 'backup completed');
    } catch (err) {
      const message = (err as Error).message.slice(0, 500);
      backupsFinished.inc({ outcome: 'failed' });
      this.logger.error({ backupId: id, err: { message } }, 'backup failed');
      await deleteBackup(store, id).catch(() => undefined);
      await this.dataSource
        .query(`UPDATE backup SET status = 'failed', error = $2, finished_at = $3 WHERE id = $1 AND status = 'running'`, [id, message, this.clock()])
        .catch(() => undefined);
      return;
    }
    if (!this.stopping.signal.aborted) await this.reconcileAndPurge(id).catch((err: Error) => this.logger.warn({ err: { message: err.message } }, 'backup purge failed'));
  }

  /**
   * The catalogue row, its dumps, BackupCompleted and the audit entry `backup.taken`, in one
   * transaction (the outbox). The entry is written at completion, when the backup exists, with the
   * staff member who asked for it (kept on the row since the start) or null for the schedule. A
   * backup adopted from the store (found there after a restore of this database) gets none: it is
   * not being taken now, and the manifest does not say who asked for it.
   */
  private async recordCompleted(manager: EntityManager, manifest: BackupManifest, adopted = false): Promise<void> {
    if (adopted) {
      await manager.query(
        `INSERT INTO backup (id, started_at, expires_at, status) VALUES ($1, $2, $3, 'running') ON CONFLICT (id) DO NOTHING`,
        [manifest.backupId, manifest.startedAt, manifest.expiresAt],
      );
    }
    const [completed]: [{ requested_by: string | null }[], number] = await manager.query(
      `UPDATE backup SET status = 'completed', finished_at = $2, error = NULL WHERE id = $1 RETURNING requested_by`,
      [manifest.backupId, manifest.finishedAt],
    );
    if (!adopted) await this.audit.record(manager, { action: 'backup.taken', actorId: completed[0]?.requested_by ?? null, subject: manifest.backupId });
    await manager.query(
      `INSERT INTO backup_database (backup_id, name, bytes, sha256)
       SELECT $1, * FROM unnest($2::varchar[], $3::bigint[], $4::varchar[]) ON CONFLICT DO NOTHING`,
      [manifest.backupId, manifest.databases.map((d) => d.name), manifest.databases.map((d) => d.bytes), manifest.databases.map((d) => d.sha256)],
    );
    await this.publisher.publish(manager, BackupCompleted, BACKUP_SUBJECT, {
      backupId: manifest.backupId,
      startedAt: manifest.startedAt,
      expiresAt: manifest.expiresAt,
    });
  }

  /**
   * Under the lock (so nothing else is writing to the store), except the backup `current`:
   * - a backup in the store past its expiry, or without a manifest (incomplete), or failed: deleted;
   * - a complete one the catalogue lacks or shows `running` (a restore of retention's database,
   *   a crash after the manifest): recorded as completed;
   * - rows still `running`: failed (interrupted); rows past their expiry: `deleted`.
   * "Expired" means before the next purge, so no backup outlives its expires_at.
   */
  private async reconcileAndPurge(current: string | null): Promise<void> {
    const store = this.store as BackupStore;
    const now = this.clock();
    const horizon = new Date(now.getTime() + this.purgeEveryMs);
    const rows: { id: string; status: string }[] = await this.dataSource.query('SELECT id, status FROM backup');
    const statusOf = new Map(rows.map((r) => [r.id, r.status]));
    for (const id of await storedBackupIds(store)) {
      if (id === current) continue;
      const manifest = await readManifest(store, id);
      const status = statusOf.get(id);
      const expired = manifest ? Date.parse(manifest.expiresAt) <= horizon.getTime() : true;
      if (!manifest || expired || status === 'failed' || status === 'deleted') {
        await deleteBackup(store, id);
        backupsDeleted.inc();
        this.logger.info({ backupId: id, reason: !manifest ? 'incomplete' : expired ? 'expired' : status }, 'backup deleted');
      } else if (status !== 'completed') {
        await this.dataSource.transaction((manager) => this.recordCompleted(manager, manifest, status === undefined));
        this.logger.info({ backupId: id }, status === undefined ? 'backup found in the store and added to the catalogue' : 'interrupted backup was complete');
      }
    }
    await this.dataSource.query(
      `UPDATE backup SET status = 'failed', error = 'interrupted: retention stopped during the backup', finished_at = $2
        WHERE status = 'running' AND id IS DISTINCT FROM $1`,
      [current, now],
    );
    await this.dataSource.query(`UPDATE backup SET status = 'deleted', deleted_at = $1 WHERE status = 'completed' AND expires_at <= $2`, [now, horizon]);
    this.lastPurgeAt = now.getTime();
    const [newest]: { started: Date | null }[] = await this.dataSource.query(`SELECT max(started_at) AS started FROM backup WHERE status = 'completed'`);
    if (newest?.started) lastCompleted.set(newest.started.getTime() / 1000);
  }

  /** Backups use a dedicated read-only role (docs/architecture.md): never a superuser, nor the database's owner. */
  private async assertReadOnlyRole(database: BackupDatabase): Promise<void> {
    const client = new Client({ connectionString: database.url, application_name: 'sargs-backup', connectionTimeoutMillis: 10_000 });
    await client.connect().catch((err: Error) => {
      throw new Error(`backup of ${database.name} failed: cannot connect (${err.message})`);
    });
    try {
      const { rows } = await client.query<{ superuser: boolean; owner: boolean }>(
        `SELECT r.rolsuper AS superuser, pg_has_role(current_user, d.datdba, 'MEMBER') AS owner
           FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`,
      );
      if (rows[0]?.superuser || rows[0]?.owner) {
        throw new Error(`backup of ${database.name} refused: its BACKUP_DATABASES URL must use the dedicated read-only backup role, not a superuser or the database's owner`);
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async tryLock(): Promise<Lock | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [row]: { locked: boolean }[] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [BACKUP_LOCK_KEY]);
      if (!row?.locked) {
        await runner.release();
        return null;
      }
    } catch (err) {
      await runner.release();
      throw err;
    }
    return {
      runner,
      release: async () => {
        await runner.query('SELECT pg_advisory_unlock($1)', [BACKUP_LOCK_KEY]).catch(() => undefined);
        await runner.release();
      },
    };
  }
}
