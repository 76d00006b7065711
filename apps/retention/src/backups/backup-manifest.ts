import { z } from 'zod';
import { SIGNING_KEY_ID } from './backup-signature';
import { BACKUP_DATABASE_NAME } from './backups.config';
import { readText, type BackupStore } from './backup-store';

/**
 * `<backupId>/manifest.json`, written after every dump succeeded (and after its signature,
 * `manifest.sig`): a backup without it is incomplete. The restore tool reads it (times, files,
 * checksums of the encrypted dumps, key ids) without retention's database, so a restore of
 * retention's own database works the same way. `encryption` and `signingKeyId` are absent only
 * from backups taken before dumps were encrypted: they are kept until they expire, and the
 * restore tool refuses them (unsigned).
 */
const KEY_ID = z.string().regex(/^[0-9a-f]{16}$/u);

export const backupManifestSchema = z
  .object({
    backupId: z.string().uuid(),
    startedAt: z.string().datetime(),
    finishedAt: z.string().datetime(),
    expiresAt: z.string().datetime(),
    /** Every dump is age-encrypted to the recipient with this key id (keyIdOf). */
    encryption: z.object({ format: z.literal('age'), recipientId: KEY_ID }).strict().optional(),
    /** The key id of the Ed25519 key that signed manifest.json (manifest.sig). */
    signingKeyId: z.string().regex(SIGNING_KEY_ID).optional(),
    databases: z.array(
      z
        .object({
          name: z.string().regex(BACKUP_DATABASE_NAME),
          key: z.string(),
          /** Size and SHA-256 of the file as stored (encrypted). */
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
  return parseManifest(await readText(store, manifestKey(backupId)), backupId);
}

/** A manifest's text parsed, or null when it does not parse or is not `backupId`'s. */
export function parseManifest(text: string, backupId: string): BackupManifest | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = backupManifestSchema.safeParse(raw);
  return parsed.success && parsed.data.backupId === backupId ? parsed.data : null;
}
