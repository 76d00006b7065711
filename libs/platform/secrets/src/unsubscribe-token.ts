import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { consentPurposeSchema, uuidSchema, type ConsentPurpose } from '@sargs/contracts';
import { GCM_TAG_BYTES } from './secret-sealer';

export class InvalidUnsubscribeTokenError extends Error {
  constructor() {
    super('unsubscribe token is not valid');
    this.name = 'InvalidUnsubscribeTokenError';
  }
}

export interface UnsubscribeClaim {
  accountId: string;
  purpose: ConsentPurpose;
}

/** `u2.<kid>.<iv | ciphertext | tag>`: the claim encrypted (AES-256-GCM), the key named. */
const VERSION = 'u2';
/** `u1.<claim in clear>.<HMAC>`: what mails sent before u2 carry; still accepted, never made. */
const LEGACY_VERSION = 'u1';
const IV_BYTES = 12;
const UUID_BYTES = 16;

interface TokenKey {
  kid: string;
  /** AES-256-GCM key of u2 tokens. */
  encryption: Buffer;
  /** HMAC key of u1 tokens. */
  legacyMac: Buffer;
}

function tokenKey(keyMaterial: Buffer): TokenKey {
  if (keyMaterial.length < 32) throw new Error('unsubscribe key must be at least 32 bytes');
  const encryption = createHmac('sha256', keyMaterial).update('sargs-unsubscribe-v2').digest();
  return {
    kid: createHash('sha256').update(encryption).digest('hex').slice(0, 16),
    encryption,
    legacyMac: createHmac('sha256', keyMaterial).update('sargs-unsubscribe-v1').digest(),
  };
}

const uuidBytes = (id: string): Buffer => Buffer.from(id.replace(/-/gu, ''), 'hex');
const uuidText = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * One-click unsubscribe tokens (RFC 8058 links): notifications makes them for marketing mail,
 * consent opens them without a session. The account and purpose are encrypted, so a link that is
 * forwarded, logged or left in a mail archive does not reveal whose it is; GCM's tag makes them
 * unforgeable. No expiry, because an unsubscribe link must keep working as long as the mail exists:
 * each token names its key (kid), new ones are made with the current key, and the previous keys
 * configured beside it keep opening the links already sent, as do u1 tokens of older mail.
 */
export class UnsubscribeTokens {
  private readonly current: TokenKey;
  private readonly keys: readonly TokenKey[];

  constructor(currentKey: Buffer, previousKeys: readonly Buffer[] = []) {
    this.current = tokenKey(currentKey);
    this.keys = [this.current, ...previousKeys.map(tokenKey)];
  }

  /** The current key's id: what new tokens name. */
  get kid(): string {
    return this.current.kid;
  }

  sign(claim: UnsubscribeClaim): string {
    if (!uuidSchema.safeParse(claim.accountId).success) throw new Error('unsubscribe claim needs an account id');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.encryption, iv, { authTagLength: GCM_TAG_BYTES });
    cipher.setAAD(Buffer.from(`${VERSION}.${this.current.kid}`));
    const ciphertext = Buffer.concat([cipher.update(uuidBytes(claim.accountId)), cipher.update(claim.purpose, 'utf8'), cipher.final()]);
    return `${VERSION}.${this.current.kid}.${Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** The claim of a genuine token; InvalidUnsubscribeTokenError for anything forged, altered or malformed. */
  verify(token: string): UnsubscribeClaim {
    const parts = token.split('.');
    if (parts.length !== 3) throw new InvalidUnsubscribeTokenError();
    if (parts[0] === VERSION) return this.open(parts[1], parts[2]);
    if (parts[0] === LEGACY_VERSION) return this.verifyLegacy(parts[1], parts[2]);
    throw new InvalidUnsubscribeTokenError();
  }

  private open(kid: string, payload: string): UnsubscribeClaim {
    const key = this.keys.find((k) => k.kid === kid);
    const sealed = Buffer.from(payload, 'base64url');
    // Only the one spelling: base64url's spare bits would otherwise let two texts be one token.
    if (!key || sealed.toString('base64url') !== payload || sealed.length < IV_BYTES + UUID_BYTES + 1 + GCM_TAG_BYTES) {
      throw new InvalidUnsubscribeTokenError();
    }
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.encryption, sealed.subarray(0, IV_BYTES), { authTagLength: GCM_TAG_BYTES });
      decipher.setAAD(Buffer.from(`${VERSION}.${kid}`));
      decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_BYTES));
      plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - GCM_TAG_BYTES)), decipher.final()]);
    } catch {
      throw new InvalidUnsubscribeTokenError();
    }
    return this.claim(uuidText(plain.subarray(0, UUID_BYTES)), plain.subarray(UUID_BYTES).toString('utf8'));
  }

  /** A u1 token (HMAC over the claim in clear) from a mail sent before u2, under any configured key. */
  private verifyLegacy(body: string, mac: string): UnsubscribeClaim {
    // Compared as text: base64url's spare bits would let two spellings decode to the same MAC.
    const given = Buffer.from(mac);
    const genuine = this.keys.some((key) => {
      const expected = Buffer.from(createHmac('sha256', key.legacyMac).update(`${LEGACY_VERSION}.${body}`).digest('base64url'));
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!genuine) throw new InvalidUnsubscribeTokenError();
    let decoded: { a?: unknown; p?: unknown };
    try {
      decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { a?: unknown; p?: unknown };
    } catch {
      throw new InvalidUnsubscribeTokenError();
    }
    return this.claim(decoded.a, decoded.p);
  }

  private claim(account: unknown, purposeText: unknown): UnsubscribeClaim {
    const accountId = uuidSchema.safeParse(account);
    const purpose = consentPurposeSchema.safeParse(purposeText);
    if (!accountId.success || !purpose.success) throw new InvalidUnsubscribeTokenError();
    return { accountId: accountId.data, purpose: purpose.data };
  }
}
