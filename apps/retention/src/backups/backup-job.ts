import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventPublisher } from '@sargs/platform/messaging';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { AuditRecorder, SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { BackupCompletion } from './backup-completion';
import { BackupReconciliation } from './backup-reconciliation';
import { BackupConflictError, BackupRunner } from './backup-runner';
import type { BackupStore } from './backup-store';
import { BackupRepository } from './backup.repository';

export { BackupConflictError } from './backup-runner';

/** The store, or null when backups are off (BACKUP_DATABASES empty). */
export const BACKUP_STORE = Symbol('BACKUP_STORE');
/** The job's clock; tests move it. */
export const BACKUP_CLOCK = Symbol('BACKUP_CLOCK');
export type Clock = () => Date;

/**
 * Backups (R14; docs/retention.md "Backups and restore") as the staff endpoint and the schedule
 * (BackupScheduleTask) use them. The work is done by its parts: BackupRunner (the lock and the
 * dump loop), BackupReconciliation (catalogue against store, and expiry), BackupCompletion (the
 * catalogue rows, BackupCompleted and the audit entry), assertReadOnlyBackupRole, backup-metrics.
 */
@Injectable()
export class BackupJob implements BeforeApplicationShutdown {
  private ticking = false;
  private readonly reconciliation: BackupReconciliation;
  private readonly runner: BackupRunner;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    dataSource: DataSource,
    backups: BackupRepository,
    publisher: EventPublisher,
    @Inject(BACKUP_STORE) private readonly store: BackupStore | null,
    @Inject(BACKUP_CLOCK) private readonly clock: Clock,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    audit: AuditRecorder,
  ) {
    const completion = new BackupCompletion(backups, publisher, audit);
    // The store is only used once backups are on (`enabled`).
    const onStore = store as BackupStore;
    this.reconciliation = new BackupReconciliation(config, dataSource, backups, onStore, clock, logger, completion);
    this.runner = new BackupRunner(config, dataSource, backups, onStore, clock, logger, completion, this.reconciliation);
  }

  get enabled(): boolean {
    return this.store !== null && this.config.BACKUP_DATABASES.length > 0;
  }

  /** Stops pg_dump (the row stays `running`; the next run records it as failed) and waits for the run to end. */
  beforeApplicationShutdown(): Promise<void> {
    return this.runner.stop();
  }

  /**
   * One look of the schedule: a backup at once when the catalogue has none (a new installation is
   * never without one for a whole interval), then once one interval has passed since the last one
   * started, so restarts neither skip nor repeat the cycle; otherwise a purge every `purgeEveryMs`.
   */
  async tick(): Promise<void> {
    if (this.ticking || this.runner.stopped) return;
    this.ticking = true;
    try {
      if (await this.runner.backupDue()) await this.start(null, { onlyIfDue: true }).catch((err: unknown) => ignoreConflict(err));
      else if (this.clock().getTime() - this.reconciliation.lastPurgeAt >= this.reconciliation.purgeEveryMs) await this.purgeAlone();
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message } }, 'backup schedule failed');
    } finally {
      this.ticking = false;
    }
  }

  /**
   * Starts a backup and returns its id once its catalogue row exists; the dumps go on in the
   * background under the lock. BackupConflictError when backups are off or one is running.
   */
  async start(requestedBy: string | null, options: { onlyIfDue?: boolean } = {}): Promise<{ id: string; done: Promise<void> }> {
    if (!this.enabled) throw new BackupConflictError('Backups are off: BACKUP_DATABASES is not set');
    return this.runner.start(requestedBy, options);
  }

  /** Deletes what has expired (and leftovers of failed runs), under the lock; skipped while a backup runs. */
  purgeAlone(): Promise<boolean> {
    return this.runner.purgeAlone();
  }
}

function ignoreConflict(err: unknown): void {
  if (!(err instanceof BackupConflictError)) throw err;
}
