import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SealedSecret } from '@sargs/contracts';

export class SealedSecretError extends Error {
  constructor() {
    super('sealed secret cannot be opened');
    this.name = 'SealedSecretError';
  }
}

/** GCM's full 128-bit tag: a shorter one would be far easier to forge, so no other length is accepted. */
export const GCM_TAG_BYTES = 16;
const GCM_IV_BYTES = 12;

interface SealingKey {
  key: Buffer;
  kid: string;
}

function sealingKey(keyMaterial: Buffer): SealingKey {
  if (keyMaterial.length < 32) throw new Error('sealing key must be at least 32 bytes');
  // Exactly 32 bytes for AES-256 whatever length the operator configured.
  const key = createHash('sha256').update('sargs-sealed-secret-v1').update(keyMaterial).digest();
  return { key, kid: createHash('sha256').update(key).digest('hex').slice(0, 16) };
}

/**
 * Seals a secret (a mailed token) with AES-256-GCM for its one consumer, so events never carry it
 * in clear. Each sealed value names its key (kid, a digest of the key): secrets are always sealed
 * with the current key and opened with whichever configured key (current or previous) made them,
 * so the key can be rotated while sealed tokens are still in events on the bus.
 */
export class SecretSealer {
  private readonly current: SealingKey;
  private readonly byKid: ReadonlyMap<string, SealingKey>;

  constructor(currentKey: Buffer, previousKeys: readonly Buffer[] = []) {
    this.current = sealingKey(currentKey);
    this.byKid = new Map([this.current, ...previousKeys.map(sealingKey)].map((k) => [k.kid, k]));
  }

  /** The current key's id: what new sealed values name. */
  get kid(): string {
    return this.current.kid;
  }

  seal(secret: string, context: string): SealedSecret {
    const iv = randomBytes(GCM_IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: GCM_TAG_BYTES });
    // The context (event type and subject) is bound as AAD: a secret cannot be moved to another event.
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return {
      alg: 'A256GCM',
      kid: this.current.kid,
      iv: iv.toString('base64url'),
      ciphertext: ciphertext.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
    };
  }

  open(sealed: SealedSecret, context: string): string {
    const key = sealed.alg === 'A256GCM' ? this.byKid.get(sealed.kid) : undefined;
    if (!key) throw new SealedSecretError();
    const iv = Buffer.from(sealed.iv, 'base64url');
    const tag = Buffer.from(sealed.tag, 'base64url');
    // Node would accept a truncated tag (down to 4 bytes) unless told the length: refuse it outright.
    if (iv.length !== GCM_IV_BYTES || tag.length !== GCM_TAG_BYTES) throw new SealedSecretError();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: GCM_TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedSecretError();
    }
  }
}

/** The AAD of a token sealed into an event: which event type, about whom. */
export function sealingContext(eventType: string, subjectId: string): string {
  return `${eventType}:${subjectId}`;
}
