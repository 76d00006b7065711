import { randomBytes, randomUUID } from 'node:crypto';
import { pseudonymise } from '@sargs/platform/privacy';
import { entryHash, GENESIS_HASH, hashedReference, type HashedEntry } from './audit-hash';

const key = randomBytes(32);
const person = randomUUID();
const entry: HashedEntry = {
  id: randomUUID(),
  occurredAt: new Date('2026-12-04T10:00:00.123Z'),
  recordedAt: new Date('2026-12-04T10:00:00.456Z'),
  actor: person,
  action: 'password.reset-completed',
  category: 'security',
  subject: person,
  reference: null,
  service: 'identity',
  roles: null,
};

describe('audit entry hashes', () => {
  it('stay the same when an erasure replaces the actor and subject with their pseudonym', () => {
    const before = entryHash(key, GENESIS_HASH, 1n, entry);
    const erased = { ...entry, actor: pseudonymise(key, person), subject: pseudonymise(key, person) };
    expect(entryHash(key, GENESIS_HASH, 1n, erased)).toBe(before);
  });

  it('change with any field, the position, the previous hash or the key', () => {
    const base = entryHash(key, GENESIS_HASH, 1n, entry);
    const variants: HashedEntry[] = [
      { ...entry, id: randomUUID() },
      { ...entry, occurredAt: new Date(entry.occurredAt.getTime() + 1) },
      { ...entry, recordedAt: new Date(entry.recordedAt.getTime() + 1) },
      { ...entry, actor: randomUUID() },
      { ...entry, actor: null },
      { ...entry, action: 'login.locked-out' },
      { ...entry, category: 'staff' },
      { ...entry, subject: randomUUID() },
      { ...entry, reference: 'x' },
      { ...entry, service: 'profile' },
      { ...entry, roles: ['dpo'] },
    ];
    const hashes = new Set([base, ...variants.map((v) => entryHash(key, GENESIS_HASH, 1n, v))]);
    expect(hashes.size).toBe(variants.length + 1);
    expect(entryHash(key, GENESIS_HASH, 2n, entry)).not.toBe(base);
    expect(entryHash(key, 'f'.repeat(64), 1n, entry)).not.toBe(base);
    expect(entryHash(randomBytes(32), GENESIS_HASH, 1n, entry)).not.toBe(base);
  });

  it('cover a keyed pseudonym of actor and subject, never the clear id', () => {
    expect(hashedReference(key, person)).toBe(pseudonymise(key, person));
    expect(hashedReference(key, 'pseud:0123')).toBe('pseud:0123');
    expect(hashedReference(key, null)).toBeNull();
  });
});
