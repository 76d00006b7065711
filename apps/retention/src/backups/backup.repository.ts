import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { BackupStatus } from './backup.entity';

/** A catalogue row with its dumps (bytes as text: bigint). */
export interface BackupRow {
  id: string;
  started_at: Date;
  finished_at: Date | null;
  expires_at: Date;
  status: BackupStatus;
  deleted_at: Date | null;
  error: string | null;
  databases: { name: string; bytes: string; sha256: string }[] | null;
}

/** One database's dump, as the manifest lists it. */
export interface BackupDump {
  name: string;
  bytes: number;
  sha256: string;
}

/**
 * Every statement on backup and backup_database (the catalogue); methods that take a manager run
 * in the caller's transaction. The others run outside one, as before: the backup lock
 * (BackupRunner), not a transaction, keeps backup runs apart.
 */
@Injectable()
export class BackupRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every backup, newest first, with its dumps. */
  list(): Promise<BackupRow[]> {
    return this.dataSource.query(
      `SELECT b.id, b.started_at, b.finished_at, b.expires_at, b.status, b.deleted_at, b.error,
              (SELECT json_agg(json_build_object('name', d.name, 'bytes', d.bytes::text, 'sha256', d.sha256) ORDER BY d.name)
                 FROM backup_database d WHERE d.backup_id = b.id) AS databases
         FROM backup b ORDER BY b.started_at DESC, b.id`,
    );
  }

  /**
   * The latest expiry among the backups that started at or before `time` and still exist (running
   * or completed): every backup that may hold data erased at `time`. Pass the time the last
   * participant erased (the completion): a backup that started between the request and a
   * participant's erasure still holds that participant's copy.
   */
  async latestExpiry(time: Date): Promise<Date | null> {
    const [row]: { expires: Date | null }[] = await this.dataSource.query(
      `SELECT max(expires_at) AS expires FROM backup WHERE started_at <= $1 AND status IN ('running', 'completed')`,
      [time],
    );
    return row?.expires ?? null;
  }

  /** When the last backup (in any state) started; null when the catalogue is empty. */
  async lastStartedAt(): Promise<Date | null> {
    const [row]: { last: Date | null }[] = await this.dataSource.query('SELECT max(started_at) AS last FROM backup');
    return row?.last ?? null;
  }

  /** When the last completed backup started; null when none completed. */
  async lastCompletedStartedAt(): Promise<Date | null> {
    const [newest]: { started: Date | null }[] = await this.dataSource.query(`SELECT max(started_at) AS started FROM backup WHERE status = 'completed'`);
    return newest?.started ?? null;
  }

  /** Every backup's id and status. */
  statuses(): Promise<{ id: string; status: string }[]> {
    return this.dataSource.query('SELECT id, status FROM backup');
  }

  /** The backup's expiry. Its row exists: the run inserted it at the start. */
  async expiresAt(id: string): Promise<Date> {
    const [row]: { expires_at: Date }[] = await this.dataSource.query('SELECT expires_at FROM backup WHERE id = $1', [id]);
    return row.expires_at;
  }

  /** The row of a backup being started, `running`; requestedBy is kept for its audit entry at completion. */
  async insertRunning(backup: { id: string; startedAt: Date; expiresAt: Date; requestedBy: string | null }): Promise<void> {
    await this.dataSource.query(`INSERT INTO backup (id, started_at, expires_at, status, requested_by) VALUES ($1, $2, $3, 'running', $4)`, [
      backup.id,
      backup.startedAt,
      backup.expiresAt,
      backup.requestedBy,
    ]);
  }

  /** The row of a backup found in the store, `running` until completed; kept as it is if the catalogue has it. */
  async insertAdopted(manager: EntityManager, backup: { id: string; startedAt: string; expiresAt: string }): Promise<void> {
    await manager.query(`INSERT INTO backup (id, started_at, expires_at, status) VALUES ($1, $2, $3, 'running') ON CONFLICT (id) DO NOTHING`, [
      backup.id,
      backup.startedAt,
      backup.expiresAt,
    ]);
  }

  /** Marks the backup completed; who asked for it (null for the schedule, or when it has no row). */
  async complete(manager: EntityManager, id: string, finishedAt: string): Promise<string | null> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [completed]: [{ requested_by: string | null }[], number] = await manager.query(
      `UPDATE backup SET status = 'completed', finished_at = $2, error = NULL WHERE id = $1 RETURNING requested_by`,
      [id, finishedAt],
    );
    return completed[0]?.requested_by ?? null;
  }

  /** The backup's dumps; those already recorded are kept. */
  async insertDumps(manager: EntityManager, backupId: string, dumps: readonly BackupDump[]): Promise<void> {
    await manager.query(
      `INSERT INTO backup_database (backup_id, name, bytes, sha256)
       SELECT $1, * FROM unnest($2::varchar[], $3::bigint[], $4::varchar[]) ON CONFLICT DO NOTHING`,
      [backupId, dumps.map((d) => d.name), dumps.map((d) => d.bytes), dumps.map((d) => d.sha256)],
    );
  }

  /** Marks the backup failed with the reason, unless it has ended meanwhile. */
  async markFailed(id: string, error: string, finishedAt: Date): Promise<void> {
    await this.dataSource.query(`UPDATE backup SET status = 'failed', error = $2, finished_at = $3 WHERE id = $1 AND status = 'running'`, [id, error, finishedAt]);
  }

  /** Marks every `running` backup but `current` failed: retention stopped while it ran. */
  async failInterrupted(current: string | null, finishedAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE backup SET status = 'failed', error = 'interrupted: retention stopped during the backup', finished_at = $2
        WHERE status = 'running' AND id IS DISTINCT FROM $1`,
      [current, finishedAt],
    );
  }

  /** Marks the completed backups expiring by `horizon` deleted (their files are gone). */
  async markExpiredDeleted(deletedAt: Date, horizon: Date): Promise<void> {
    await this.dataSource.query(`UPDATE backup SET status = 'deleted', deleted_at = $1 WHERE status = 'completed' AND expires_at <= $2`, [deletedAt, horizon]);
  }
}
