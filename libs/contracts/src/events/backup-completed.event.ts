import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** Subject id (and key) of backup events: they are about the backup cycle, not a person. */
export const BACKUP_SUBJECT = 'backups';

/**
 * Retention finished a backup (R14). Ids and times only: `expiresAt` is when the backup is
 * deleted at the latest, so an erasure certificate can say when every copy that may still hold
 * the person is gone.
 */
export const BackupCompleted = defineEvent({
  topic: TOPICS.privacyBackup,
  type: 'BackupCompleted',
  schemaVersion: 1,
  payload: z
    .object({
      backupId: z.string().uuid(),
      startedAt: z.string().datetime({ offset: true }),
      expiresAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
