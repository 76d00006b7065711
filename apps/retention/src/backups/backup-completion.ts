import type { EntityManager } from 'typeorm';
import { BACKUP_SUBJECT, BackupCompleted } from '@sargs/contracts';
import type { EventPublisher } from '@sargs/platform/messaging';
import type { AuditRecorder } from '@sargs/platform/service';
import type { BackupManifest } from './backup-manifest';

/**
 * Records a complete backup: the catalogue row, its dumps, BackupCompleted and the audit entry
 * `backup.taken`, in the caller's transaction (the outbox). The entry is written at completion,
 * when the backup exists, with the staff member who asked for it (kept on the row since the
 * start) or null for the schedule. A backup adopted from the store (found there after a restore
 * of this database) gets none: it is not being taken now, and the manifest does not say who asked.
 */
export class BackupCompletion {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly audit: AuditRecorder,
  ) {}

  async record(manager: EntityManager, manifest: BackupManifest, adopted = false): Promise<void> {
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
}
