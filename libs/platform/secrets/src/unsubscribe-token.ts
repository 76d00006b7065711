import { createHmac, timingSafeEqual } from 'node:crypto';
import { consentPurposeSchema, uuidSchema, type ConsentPurpose } from '@sargs/contracts';

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

const VERSION = 'u1';

/**
 * Signed one-click unsubscribe tokens (RFC 8058 links): notifications signs them into marketing
 * mail, consent verifies them without a session. HMAC-SHA256 over the account and purpose; no
 * expiry, because an unsubscribe link must keep working as long as the mail exists.
 */
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(keyMaterial: Buffer) {
    if (keyMaterial.length < 32) throw new Error('unsubscribe key must be at least 32 bytes');
    this.key = createHmac('sha256', keyMaterial).update('sargs-unsubscribe-v1').digest();
  }

  sign(claim: UnsubscribeClaim): string {
    const body = Buffer.from(JSON.stringify({ a: claim.accountId, p: claim.purpose })).toString('base64url');
    return `${VERSION}.${body}.${this.mac(body)}`;
  }

  /** The claim of a genuine token; InvalidUnsubscribeTokenError for anything forged, altered or malformed. */
  verify(token: string): UnsubscribeClaim {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION) throw new InvalidUnsubscribeTokenError();
    const [, body, mac] = parts;
    // Compared as text: base64url's spare bits would let two spellings decode to the same MAC.
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidUnsubscribeTokenError();
    let decoded: { a?: unknown; p?: unknown };
    try {
      decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { a?: unknown; p?: unknown };
    } catch {
      throw new InvalidUnsubscribeTokenError();
    }
    const accountId = uuidSchema.safeParse(decoded.a);
    const purpose = consentPurposeSchema.safeParse(decoded.p);
    if (!accountId.success || !purpose.success) throw new InvalidUnsubscribeTokenError();
    return { accountId: accountId.data, purpose: purpose.data };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(`${VERSION}.${body}`).digest('base64url');
  }
}
