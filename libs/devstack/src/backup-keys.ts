import { generateKeyPairSync } from 'node:crypto';
import { bech32 } from '@scure/base';

/**
 * The keys of retention's backups (docs/retention.md, "Backups and restore"): retention gets the
 * age recipient and the signing key; only the restore tool gets the identity and the public key.
 */
export interface BackupKeys {
  /** age X25519 recipient (`age1…`, public): retention encrypts every dump to it and cannot decrypt. */
  backupEncryptionRecipient: string;
  /** Its age identity (`AGE-SECRET-KEY-1…`): only the restore tool decrypts with it. */
  backupDecryptionIdentity: string;
  /** Ed25519, base64 PKCS#8 DER: retention signs each backup's manifest with it. */
  backupSigningKey: string;
  /** Ed25519, base64 SPKI DER: the restore tool verifies manifests with it. */
  backupSigningPublicKey: string;
}

/** A fresh set: an age X25519 key pair (the age encoding: Bech32 of the raw keys) and an Ed25519 one. */
export function generateBackupKeys(): BackupKeys {
  const age = generateKeyPairSync('x25519');
  const raw = (value: string | undefined) => Buffer.from(value as string, 'base64url');
  const signing = generateKeyPairSync('ed25519');
  return {
    backupEncryptionRecipient: bech32.encodeFromBytes('age', raw(age.publicKey.export({ format: 'jwk' }).x)),
    backupDecryptionIdentity: bech32.encodeFromBytes('AGE-SECRET-KEY-', raw(age.privateKey.export({ format: 'jwk' }).d)).toUpperCase(),
    backupSigningKey: signing.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    backupSigningPublicKey: signing.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}
