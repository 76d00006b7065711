import type { DataSource } from 'typeorm';
import type { Logger } from '@sargs/platform/observability';
import type { AppConfig } from '../config/app-config';
import type { BackupCompletion } from './backup-completion';
import { readManifest } from './backup-manifest';
import { backupsDeleted, lastCompletedBackup } from './backup-metrics';
import { deleteBackup, storedBackupIds, type BackupStore } from './backup-store';
import type { BackupRepository } from './backup.repository';

const HOUR_MS = 60 * 60 * 1000;

/**
 * The store is the truth for what exists: each run (and each purge) first reconciles the
 * catalogue with it, so a crash mid-backup, or a restore of retention's own database (which
 * rewinds the catalogue), leaves no backup behind that nothing would ever delete. Runs under the
 * backup lock (BackupRunner).
 */
export class BackupReconciliation {
  /** When the last purge ran (the schedule purges again `purgeEveryMs` later). */
  lastPurgeAt = 0;

  constructor(
    private readonly config: Pick<AppConfig, 'BACKUP_INTERVAL_MS'>,
    private readonly dataSource: DataSource,
    private readonly backups: BackupRepository,
    private readonly store: BackupStore,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    private readonly completion: BackupCompletion,
  ) {}

  /** Purges run at least this often and delete what expires before the next one: none is kept past its expiry. */
  get purgeEveryMs(): number {
    return Math.min(this.config.BACKUP_INTERVAL_MS, HOUR_MS);
  }

  /**
   * Under the lock (so nothing else is writing to the store), except the backup `current`:
   * - a backup in the store past its expiry, or without a manifest (incomplete), or failed: deleted;
   * - a complete one the catalogue lacks or shows `running` (a restore of retention's database,
   *   a crash after the manifest): recorded as completed;
   * - rows still `running`: failed (interrupted); rows past their expiry: `deleted`.
   * "Expired" means before the next purge, so no backup outlives its expires_at.
   */
  async reconcileAndPurge(current: string | null): Promise<void> {
    const now = this.clock();
    const horizon = new Date(now.getTime() + this.purgeEveryMs);
    const rows = await this.backups.statuses();
    const statusOf = new Map(rows.map((r) => [r.id, r.status]));
    for (const id of await storedBackupIds(this.store)) {
      if (id === current) continue;
      const manifest = await readManifest(this.store, id);
      const status = statusOf.get(id);
      const expired = manifest ? Date.parse(manifest.expiresAt) <= horizon.getTime() : true;
      if (!manifest || expired || status === 'failed' || status === 'deleted') {
        await deleteBackup(this.store, id);
        backupsDeleted.inc();
        this.logger.info({ backupId: id, reason: !manifest ? 'incomplete' : expired ? 'expired' : status }, 'backup deleted');
      } else if (status !== 'completed') {
        await this.dataSource.transaction((manager) => this.completion.record(manager, manifest, status === undefined));
        this.logger.info({ backupId: id }, status === undefined ? 'backup found in the store and added to the catalogue' : 'interrupted backup was complete');
      }
    }
    await this.backups.failInterrupted(current, now);
    await this.backups.markExpiredDeleted(now, horizon);
    this.lastPurgeAt = now.getTime();
    const newest = await this.backups.lastCompletedStartedAt();
    if (newest) lastCompletedBackup.set(newest.getTime() / 1000);
  }
}
