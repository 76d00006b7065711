import type { EntityManager } from 'typeorm';
import { BACKUP_SUBJECT, BackupCompleted } from '@sargs/contracts';
import type { EventPublisher } from '@sargs/platform/messaging';
import type { AuditRecorder } from '@sargs/platform/service';
import type { BackupManifest } from './backup-manifest';
import type { BackupRepository } from './backup.repository';

/**
 * Records a complete backup: the catalogue row, its dumps, BackupCompleted and the audit entry
 * `backup.taken`, in the caller's transaction (the outbox). The entry is written at completion,
 * when the backup exists, with the staff member who asked for it (kept on the row since the
 * start) or null for the schedule. A backup adopted from the store (found there after a restore
 * of this database) gets none: it is not being taken now, and the manifest does not say who asked.
 */
export class BackupCompletion {
  constructor(
    private readonly backups: BackupRepository,
    private readonly publisher: EventPublisher,
    private readonly audit: AuditRecorder,
  ) {}

  async record(manager: EntityManager, manifest: BackupManifest, adopted = false): Promise<void> {
    if (adopted) await this.backups.insertAdopted(manager, { id: manifest.backupId, startedAt: manifest.startedAt, expiresAt: manifest.expiresAt });
    const requestedBy = await this.backups.complete(manager, manifest.backupId, manifest.finishedAt);
    if (!adopted) await this.audit.record(manager, { action: 'backup.taken', actorId: requestedBy, subject: manifest.backupId });
    await this.backups.insertDumps(manager, manifest.backupId, manifest.databases);
    await this.publisher.publish(manager, BackupCompleted, BACKUP_SUBJECT, {
      backupId: manifest.backupId,
      startedAt: manifest.startedAt,
      expiresAt: manifest.expiresAt,
    });
  }
}
