import { z } from 'zod';
import { uuidField } from './common.schemas';

/** Response bodies of the staff backup rows of docs/api.md (R14). */

export const BACKUP_STATUSES = ['running', 'completed', 'failed', 'deleted'] as const;

/** POST /admin/backups: the backup that started. */
export const backupStartedView = z.object({ id: uuidField }).strict();

/** One backup of GET /admin/backups. */
export const backupView = z
  .object({
    id: uuidField,
    takenAt: z.string().datetime().describe('when the backup started (docs/api.md name; the same as startedAt)'),
    startedAt: z.string().datetime(),
    finishedAt: z.string().datetime().nullable(),
    expiresAt: z.string().datetime().describe('startedAt + BACKUP_RETENTION_DAYS (at most 30): deleted by then'),
    status: z.enum(BACKUP_STATUSES).describe('deleted: past its expiry, files gone, row kept as the record'),
    deletedAt: z.string().datetime().nullable(),
    error: z.string().nullable().describe('why a failed backup failed'),
    databases: z.array(z.object({ name: z.string(), bytes: z.number().int(), sha256: z.string() }).strict()),
  })
  .strict();
export type BackupView = z.infer<typeof backupView>;

/** GET /admin/backups: the catalogue, newest first. */
export const backupCatalogueView = z.array(backupView);
