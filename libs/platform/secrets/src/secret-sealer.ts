import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SealedSecret } from '@sargs/contracts';

export class SealedSecretError extends Error {
  constructor() {
    super('sealed secret cannot be opened');
    this.name = 'SealedSecretError';
  }
}

/**
 * Seals a secret (a mailed token) with AES-256-GCM for its one consumer, so events never carry it
 * in clear. The key id is a digest of the key, so a consumer holding another key refuses the
 * secret at once instead of failing the tag check; rotation can keep several sealers by kid.
 */
export class SecretSealer {
  private readonly key: Buffer;
  readonly kid: string;

  constructor(keyMaterial: Buffer) {
    if (keyMaterial.length < 32) throw new Error('sealing key must be at least 32 bytes');
    // Exactly 32 bytes for AES-256 whatever length the operator configured.
    this.key = createHash('sha256').update('sargs-sealed-secret-v1').update(keyMaterial).digest();
    this.kid = createHash('sha256').update(this.key).digest('hex').slice(0, 16);
  }

  seal(secret: string, context: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    // The context (event type and subject) is bound as AAD: a secret cannot be moved to another event.
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return {
      alg: 'A256GCM',
      kid: this.kid,
      iv: iv.toString('base64url'),
      ciphertext: ciphertext.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
    };
  }

  open(sealed: SealedSecret, context: string): string {
    if (sealed.alg !== 'A256GCM' || sealed.kid !== this.kid) throw new SealedSecretError();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
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
