import { createHash } from 'node:crypto';
import type { AuditAction, AuditCategory, RoleName } from '@sargs/contracts';
import { pseudonymise } from '@sargs/platform/privacy';

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers, besides its position and the hash before it. */
export interface HashedEntry {
  id: string;
  occurredAt: Date;
  recordedAt: Date;
  actor: string | null;
  action: AuditAction;
  category: AuditCategory;
  subject: string | null;
  reference: string | null;
  service: string;
  roles: readonly RoleName[] | null;
}

const PSEUDONYM_PREFIX = 'pseud:';

/**
 * The form of an actor or subject the hash covers: its keyed pseudonym. An erasure replaces the
 * clear id with exactly this value, so the entry's hash still holds afterwards; and the hash
 * cannot be recomputed for a forged entry without the key.
 */
export function hashedReference(key: Buffer, value: string | null): string | null {
  if (value === null) return null;
  return value.startsWith(PSEUDONYM_PREFIX) ? value : pseudonymise(key, value);
}

/** SHA-256 (hex) over the previous hash, the position and the entry, in one fixed layout. */
export function entryHash(key: Buffer, previousHash: string, seq: bigint, entry: HashedEntry): string {
  const body = JSON.stringify([
    entry.id,
    entry.occurredAt.toISOString(),
    entry.recordedAt.toISOString(),
    hashedReference(key, entry.actor),
    entry.action,
    entry.category,
    hashedReference(key, entry.subject),
    entry.reference,
    entry.service,
    entry.roles ?? null,
  ]);
  return createHash('sha256').update(`${previousHash}\n${seq.toString()}\n${body}`, 'utf8').digest('hex');
}
