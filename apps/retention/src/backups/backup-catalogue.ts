import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BackupView } from '@sargs/contracts';
import type { BackupStatus } from './backup.entity';

interface BackupRow {
  id: string;
  started_at: Date;
  finished_at: Date | null;
  expires_at: Date;
  status: BackupStatus;
  deleted_at: Date | null;
  error: string | null;
  databases: { name: string; bytes: string; sha256: string }[] | null;
}

/**
 * Reads the backup catalogue: the staff list and, for erasure certificates, until when a backup
 * may still hold someone's data. Needs only the DataSource, so any retention feature can use it
 * (BackupsModule is global and exports it).
 */
@Injectable()
export class BackupCatalogue {
  constructor(private readonly dataSource: DataSource) {}

  /** GET /admin/backups: every backup, newest first, with its dumps. */
  async list(): Promise<BackupView[]> {
    const rows: BackupRow[] = await this.dataSource.query(
      `SELECT b.id, b.started_at, b.finished_at, b.expires_at, b.status, b.deleted_at, b.error,
              (SELECT json_agg(json_build_object('name', d.name, 'bytes', d.bytes::text, 'sha256', d.sha256) ORDER BY d.name)
                 FROM backup_database d WHERE d.backup_id = b.id) AS databases
         FROM backup b ORDER BY b.started_at DESC, b.id`,
    );
    return rows.map((row) => ({
      id: row.id,
      takenAt: row.started_at.toISOString(),
      startedAt: row.started_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
      expiresAt: row.expires_at.toISOString(),
      status: row.status,
      deletedAt: row.deleted_at?.toISOString() ?? null,
      error: row.error,
      databases: (row.databases ?? []).map((d) => ({ name: d.name, bytes: Number(d.bytes), sha256: d.sha256 })),
    }));
  }

  /**
   * `backupsExpireBy` of an erasure case completed at `completedAt`: the date by which no backup
   * holds the person's data. The completion itself when no backup that may hold it still exists
   * (none was taken while the data existed, or it expires sooner); else the latest such expiry.
   */
  async backupsExpireBy(completedAt: Date): Promise<Date> {
    const newest = await this.latestExpiry(completedAt);
    return newest !== null && newest > completedAt ? newest : completedAt;
  }

  /**
   * The latest expiry among the backups that started at or before `time` and still exist (running
   * or completed): every backup that may hold data erased at `time`. Pass the time the last
   * participant erased (the completion): a backup that started between the request and a
   * participant's erasure still holds that participant's copy.
   */
  private async latestExpiry(time: Date): Promise<Date | null> {
    const [row]: { expires: Date | null }[] = await this.dataSource.query(
      `SELECT max(expires_at) AS expires FROM backup WHERE started_at <= $1 AND status IN ('running', 'completed')`,
      [time],
    );
    return row?.expires ?? null;
  }
}
