import { sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ed25519KeyId, ed25519PrivateKey, ed25519PublicKey } from '@sargs/platform/secrets';

/**
 * Each backup's manifest is signed with Ed25519 (BACKUP_SIGNING_KEY, kept off the backup volume):
 * `<backupId>/manifest.sig` holds the signature of manifest.json's exact bytes, so whoever can
 * write the volume cannot alter a manifest, swap a dump, or plant a backup without the restore
 * tool (which holds only the public key) refusing it. The signed bytes start with a context
 * string, so the key's signatures mean nothing anywhere else.
 */
const CONTEXT = Buffer.from('sargs backup manifest v1\n', 'utf8');

export const signatureKey = (backupId: string): string => `${backupId}/manifest.sig`;

/** An Ed25519 key's id: its RFC 7638 JWK thumbprint (ed25519KeyId), which the public key alone recomputes. */
export const SIGNING_KEY_ID = /^[A-Za-z0-9_-]{43}$/u;

export const manifestSignatureSchema = z
  .object({
    algorithm: z.literal('Ed25519'),
    keyId: z.string().regex(SIGNING_KEY_ID),
    signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/u),
  })
  .strict();
export type ManifestSignature = z.infer<typeof manifestSignatureSchema>;

/** An Ed25519 private key from base64 PKCS#8 DER; throws naming nothing of the value. */
export function signingKeyOf(base64: string): KeyObject {
  try {
    return ed25519PrivateKey(Buffer.from(base64, 'base64'));
  } catch {
    throw new Error('must be an Ed25519 private key, base64 PKCS#8 DER');
  }
}

/** An Ed25519 public key from base64 SPKI DER; throws naming nothing of the value. */
export function verifyingKeyOf(base64: string): KeyObject {
  try {
    return ed25519PublicKey(Buffer.from(base64, 'base64'));
  } catch {
    throw new Error('must be an Ed25519 public key, base64 SPKI DER');
  }
}

/** The key id of an Ed25519 key (private or public). */
export const signingKeyIdOf = (key: KeyObject): string => ed25519KeyId(key);

/** The signature file's content for manifest.json's bytes. */
export function signManifest(manifestBytes: Buffer, key: KeyObject): string {
  const signature: ManifestSignature = {
    algorithm: 'Ed25519',
    keyId: signingKeyIdOf(key),
    signature: sign(null, Buffer.concat([CONTEXT, manifestBytes]), key).toString('base64'),
  };
  return `${JSON.stringify(signature, null, 2)}\n`;
}

/** Why a manifest's signature does not hold, or null when it does (by `publicKey`, over these exact bytes). */
export function manifestSignatureProblem(manifestBytes: Buffer, signatureText: string, publicKey: KeyObject): string | null {
  let parsed: ManifestSignature;
  try {
    parsed = manifestSignatureSchema.parse(JSON.parse(signatureText));
  } catch {
    return 'its signature file is not an Ed25519 manifest signature';
  }
  const expected = signingKeyIdOf(publicKey);
  if (parsed.keyId !== expected) return `it is signed by another key (key id ${parsed.keyId}; the given public key is ${expected})`;
  const valid = verify(null, Buffer.concat([CONTEXT, manifestBytes]), publicKey, Buffer.from(parsed.signature, 'base64'));
  return valid ? null : 'its signature does not match the manifest (altered, or signed by another key)';
}
