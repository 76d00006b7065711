import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { Logger } from '@sargs/platform/observability';
import { ConflictError } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import type { BackupCompletion } from './backup-completion';
import { tryBackupLock } from './backup-lock';
import { keyIdOf } from './backup-encryption';
import { dumpKey, manifestKey, type BackupManifest } from './backup-manifest';
import { backupsFinished, lastCompletedBackup } from './backup-metrics';
import type { BackupReconciliation } from './backup-reconciliation';
import { assertReadOnlyBackupRole } from './backup-role-check';
import { signatureKey, signingKeyIdOf, signingKeyOf, signManifest } from './backup-signature';
import { deleteBackup, type BackupStore } from './backup-store';
import type { BackupRepository } from './backup.repository';
import { dumpToStore } from './pg-dump';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A backup cannot start now (one runs, none is due, or backups are off): the endpoint's 409. */
export class BackupConflictError extends ConflictError {}

type RunnerConfig = Pick<AppConfig, 'BACKUP_DATABASES' | 'BACKUP_INTERVAL_MS' | 'BACKUP_RETENTION_DAYS' | 'PG_DUMP_PATH' | 'BACKUP_ENCRYPTION_RECIPIENT' | 'BACKUP_SIGNING_KEY'>;

/**
 * Runs a backup under the advisory lock (one at a time, whichever instance holds it): its
 * catalogue row, a reconciliation, `pg_dump --format=custom` of every database in
 * BACKUP_DATABASES (with the read-only backup role), age-encrypted into the store, the manifest
 * last (its Ed25519 signature just before it), then BackupCompleted and a purge. Also the purge alone, under the same lock.
 */
export class BackupRunner {
  private running?: Promise<void>;
  private readonly stopping = new AbortController();

  constructor(
    private readonly config: RunnerConfig,
    private readonly dataSource: DataSource,
    private readonly backups: BackupRepository,
    private readonly store: BackupStore,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    private readonly completion: BackupCompletion,
    private readonly reconciliation: BackupReconciliation,
  ) {}

  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** Stops pg_dump (the row stays `running`; the next run records it as failed) and waits for the run to end. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running?.catch(() => undefined);
  }

  /** True when the catalogue has no backup, or the last one started an interval ago or more. */
  async backupDue(): Promise<boolean> {
    const last = await this.backups.lastStartedAt();
    if (!last) return true;
    return last.getTime() + this.config.BACKUP_INTERVAL_MS <= this.clock().getTime();
  }

  /**
   * Starts a backup and returns its id once its catalogue row exists; the dumps go on in the
   * background under the lock. BackupConflictError when one is running (or, with onlyIfDue, when
   * another instance took it between our look and the lock).
   */
  async start(requestedBy: string | null, options: { onlyIfDue?: boolean } = {}): Promise<{ id: string; done: Promise<void> }> {
    const lock = await tryBackupLock(this.dataSource);
    if (!lock) throw new BackupConflictError('A backup is running; try again when it has finished');
    let id: string;
    let startedAt: Date;
    try {
      if (options.onlyIfDue && !(await this.backupDue())) throw new BackupConflictError('No backup is due');
      id = randomUUID();
      startedAt = this.clock();
      const expiresAt = new Date(startedAt.getTime() + this.config.BACKUP_RETENTION_DAYS * DAY_MS);
      await this.backups.insertRunning({ id, startedAt, expiresAt, requestedBy });
    } catch (err) {
      await lock.release();
      throw err;
    }
    const done = this.runLocked(id, startedAt).finally(() => lock.release());
    this.running = done;
    return { id, done };
  }

  /** Deletes what has expired (and leftovers of failed runs), under the lock; false (skipped) while a backup runs. */
  async purgeAlone(): Promise<boolean> {
    const lock = await tryBackupLock(this.dataSource);
    if (!lock) return false;
    try {
      await this.reconciliation.reconcileAndPurge(null);
      return true;
    } finally {
      await lock.release();
    }
  }

  private async runLocked(id: string, startedAt: Date): Promise<void> {
    try {
      await this.reconciliation.reconcileAndPurge(id);
      const recipient = this.config.BACKUP_ENCRYPTION_RECIPIENT;
      if (!recipient || !this.config.BACKUP_SIGNING_KEY) throw new Error('backups need BACKUP_ENCRYPTION_RECIPIENT and BACKUP_SIGNING_KEY');
      const signingKey = signingKeyOf(this.config.BACKUP_SIGNING_KEY);
      const dumps: BackupManifest['databases'] = [];
      for (const database of this.config.BACKUP_DATABASES) {
        if (this.stopped) throw new Error('retention stopped during the backup');
        await assertReadOnlyBackupRole(database);
        const key = dumpKey(id, database.name);
        const result = await dumpToStore({ pgDumpPath: this.config.PG_DUMP_PATH, url: database.url, store: this.store, key, label: database.name, recipient, signal: this.stopping.signal });
        dumps.push({ name: database.name, key, ...result });
      }
      const expiresAt = await this.backups.expiresAt(id);
      const manifest: BackupManifest = {
        backupId: id,
        startedAt: startedAt.toISOString(),
        finishedAt: this.clock().toISOString(),
        expiresAt: expiresAt.toISOString(),
        encryption: { format: 'age', recipientId: keyIdOf(recipient) },
        signingKeyId: signingKeyIdOf(signingKey),
        databases: dumps,
      };
      const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
      await this.store.put(signatureKey(id), Readable.from([Buffer.from(signManifest(manifestBytes, signingKey))]));
      // Written last: a backup with a manifest is complete, whatever the catalogue says.
      await this.store.put(manifestKey(id), Readable.from([manifestBytes]));
      await this.dataSource.transaction((manager) => this.completion.record(manager, manifest));
      backupsFinished.inc({ outcome: 'completed' });
      lastCompletedBackup.set(startedAt.getTime() / 1000);
      this.logger.info({ backupId: id, databases: dumps.map((d) => ({ name: d.name, bytes: d.bytes })) }, 'backup completed');
    } catch (err) {
      const message = (err as Error).message.slice(0, 500);
      backupsFinished.inc({ outcome: 'failed' });
      this.logger.error({ backupId: id, err: { message } }, 'backup failed');
      await deleteBackup(this.store, id).catch(() => undefined);
      await this.backups.markFailed(id, message, this.clock()).catch(() => undefined);
      return;
    }
    if (!this.stopped) await this.reconciliation.reconcileAndPurge(id).catch((err: Error) => this.logger.warn({ err: { message: err.message } }, 'backup purge failed'));
  }
}
