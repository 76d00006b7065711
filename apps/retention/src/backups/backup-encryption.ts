import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Decrypter, Encrypter } from 'age-encryption';

/**
 * Dumps are encrypted with age (age-encryption.org/v1, the TypeScript implementation by age's
 * authors): X25519 (or post-quantum hybrid) public-key encryption of a random file key, then the
 * payload in 64 KiB ChaCha20-Poly1305 chunks (the STREAM construction), streamed. retention holds
 * only the recipient (public key): it can write backups but not read them. The identity (private
 * key) is given only to the restore tool.
 */

/** An age recipient: `age1…` (X25519) or `age1pq1…` (hybrid post-quantum). */
export const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{50,4000}$/u;

/** A short, stable name for a key (its SHA-256, 16 hex digits): manifests and messages name keys by it, never by value. */
export const keyIdOf = (key: string | Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

/** Throws (naming nothing of the value) when `recipient` is not an age recipient age accepts. */
export function assertAgeRecipient(recipient: string): void {
  if (!AGE_RECIPIENT.test(recipient)) throw new Error('must be an age recipient (age1…)');
  try {
    new Encrypter().addRecipient(recipient);
  } catch {
    throw new Error('must be an age recipient (age1…)');
  }
}

/** `plain` encrypted to `recipient` as it streams: nothing is buffered beyond a chunk. */
export async function encryptStream(plain: Readable, recipient: string): Promise<Readable> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  const encrypted = await encrypter.encrypt(Readable.toWeb(plain) as unknown as ReadableStream<Uint8Array>);
  return Readable.fromWeb(encrypted as unknown as NodeReadableStream<Uint8Array>);
}

/**
 * `encrypted` decrypted with `identity` (`AGE-SECRET-KEY-1…`) as it streams. Rejects at once
 * when the header is not for this identity; a chunk that fails authentication errors the stream.
 */
export async function decryptStream(encrypted: Readable, identity: string): Promise<Readable> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const plain = await decrypter.decrypt(Readable.toWeb(encrypted) as unknown as ReadableStream<Uint8Array>);
  return Readable.fromWeb(plain as unknown as NodeReadableStream<Uint8Array>);
}
