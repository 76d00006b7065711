import { z } from 'zod';
import { BACKUP_DATABASE_NAME } from './backups.config';
import { readText, type BackupStore } from './backup-store';

/**
 * `<backupId>/manifest.json`, written after every dump succeeded: a backup without it is
 * incomplete. The restore tool reads it (times, files, checksums) without retention's database,
 * so a restore of retention's own database works the same way.
 */
export const backupManifestSchema = z
  .object({
    backupId: z.string().uuid(),
    startedAt: z.string().datetime(),
    finishedAt: z.string().datetime(),
    expiresAt: z.string().datetime(),
    databases: z.array(
      z
        .object({
          name: z.string().regex(BACKUP_DATABASE_NAME),
          key: z.string(),
          bytes: z.number().int().nonnegative(),
          sha256: z.string().regex(/^[0-9a-f]{64}$/u),
        })
        .strict(),
    ),
  })
  .strict();
export type BackupManifest = z.infer<typeof backupManifestSchema>;

export const manifestKey = (backupId: string): string => `${backupId}/manifest.json`;
export const dumpKey = (backupId: string, name: string): string => `${backupId}/${name}.dump`;

/** The backup's manifest, or null when it has none (incomplete) or one that does not parse. */
export async function readManifest(store: BackupStore, backupId: string): Promise<BackupManifest | null> {
  const keys = await store.list(`${backupId}/`);
  if (!keys.includes(manifestKey(backupId))) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(await readText(store, manifestKey(backupId)));
  } catch {
    return null;
  }
  const parsed = backupManifestSchema.safeParse(raw);
  return parsed.success && parsed.data.backupId === backupId ? parsed.data : null;
}
