import { createHash, type KeyObject } from 'node:crypto';
import { decryptStream } from '../../apps/retention/src/backups/backup-encryption';
import { dumpKey, manifestKey, parseManifest, type BackupManifest } from '../../apps/retention/src/backups/backup-manifest';
import { manifestSignatureProblem, signatureKey, signingKeyIdOf } from '../../apps/retention/src/backups/backup-signature';
import { readBytes, type BackupStore } from '../../apps/retention/src/backups/backup-store';

/** What the restore tool needs to trust and open a backup; neither is ever on the backup volume. */
export interface BackupKeys {
  /** The Ed25519 public key whose private half (retention's BACKUP_SIGNING_KEY) signs manifests. */
  signingPublicKey: KeyObject;
  /** The age identity (`AGE-SECRET-KEY-1…`) of retention's BACKUP_ENCRYPTION_RECIPIENT. */
  identity: string;
}

/** A backup set that must not be restored; nothing has been changed yet. */
export class BackupVerificationError extends Error {}

/**
 * The backup's manifest, once its signature holds for `signingPublicKey` over its exact bytes
 * (verified before it is parsed): refuses a backup that is missing, incomplete, unsigned, signed
 * by another key, or altered.
 */
export async function verifiedManifest(store: BackupStore, backupId: string, signingPublicKey: KeyObject): Promise<BackupManifest> {
  const keys = await store.list(`${backupId}/`);
  if (!keys.includes(manifestKey(backupId))) throw new BackupVerificationError(`backup ${backupId} is not in the store, or is incomplete (no manifest.json)`);
  if (!keys.includes(signatureKey(backupId))) throw new BackupVerificationError(`backup ${backupId} is not signed (no manifest.sig); nothing was restored`);
  const manifestBytes = await readBytes(store, manifestKey(backupId));
  const problem = manifestSignatureProblem(manifestBytes, (await readBytes(store, signatureKey(backupId))).toString('utf8'), signingPublicKey);
  if (problem) throw new BackupVerificationError(`backup ${backupId} cannot be trusted: ${problem}; nothing was restored`);
  const manifest = parseManifest(manifestBytes.toString('utf8'), backupId);
  // Signed but not a manifest of this version (or of another backup): refused all the same.
  if (!manifest || !manifest.encryption || manifest.signingKeyId !== signingKeyIdOf(signingPublicKey)) {
    throw new BackupVerificationError(`backup ${backupId} has a signed manifest this tool does not accept (not an encrypted backup of this id); nothing was restored`);
  }
  const misplaced = manifest.databases.find((d) => d.key !== dumpKey(backupId, d.name));
  if (misplaced) throw new BackupVerificationError(`backup ${backupId} lists a dump of ${misplaced.name} outside its own files; nothing was restored`);
  return manifest;
}

/**
 * Checks one dump before anything is changed: its size and SHA-256 (of the encrypted file) are
 * the signed manifest's, and `identity` opens it (its header, and its first chunk authenticates).
 */
export async function verifyDump(store: BackupStore, dump: BackupManifest['databases'][number], identity: string): Promise<void> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of store.read(dump.key)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  if (bytes !== dump.bytes || hash.digest('hex') !== dump.sha256) {
    throw new BackupVerificationError(`the dump of ${dump.name} does not match its signed size and SHA-256 (damaged or altered); nothing was restored`);
  }
  const source = store.read(dump.key);
  try {
    const plain = await decryptStream(source, identity);
    await plain[Symbol.asyncIterator]().next();
    plain.destroy();
  } catch {
    throw new BackupVerificationError(`the dump of ${dump.name} cannot be decrypted with the given identity (another key, or damaged); nothing was restored`);
  } finally {
    source.destroy();
  }
}
