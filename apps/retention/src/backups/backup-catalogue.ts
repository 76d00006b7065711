import { Injectable } from '@nestjs/common';
import type { BackupView } from '@sargs/contracts';
import { BackupRepository } from './backup.repository';

/**
 * Reads the backup catalogue: the staff list and, for erasure certificates, until when a backup
 * may still hold someone's data. Needs only the catalogue's BackupRepository, so any retention
 * feature can use it (BackupsModule is global and exports it).
 */
@Injectable()
export class BackupCatalogue {
  constructor(private readonly backups: BackupRepository) {}

  /** GET /admin/backups: every backup, newest first, with its dumps. */
  async list(): Promise<BackupView[]> {
    const rows = await this.backups.list();
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
    const newest = await this.backups.latestExpiry(completedAt);
    return newest !== null && newest > completedAt ? newest : completedAt;
  }
}
