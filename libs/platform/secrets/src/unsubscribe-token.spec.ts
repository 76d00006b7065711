import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { UnsubscribeTokens } from './unsubscribe-token';

describe('UnsubscribeTokens', () => {
  const tokens = new UnsubscribeTokens(randomBytes(32));
  const claim = { accountId: randomUUID(), purpose: 'marketing-email' as const };

  it('verifies what it signed, and the token is URL-safe', () => {
    const token = tokens.sign(claim);
    expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(tokens.verify(token)).toEqual(claim);
  });

  it('refuses another key, any altered character, a swapped body and garbage', () => {
    const token = tokens.sign(claim);
    expect(() => new UnsubscribeTokens(randomBytes(32)).verify(token)).toThrow('not valid');
    const other = tokens.sign({ ...claim, accountId: randomUUID() });
    // Another account's encrypted claim under this token's IV and tag.
    const [v, kid, payload] = token.split('.');
    const mine = Buffer.from(payload, 'base64url');
    const theirs = Buffer.from(other.split('.')[2], 'base64url');
    const swapped = Buffer.concat([mine.subarray(0, 12), theirs.subarray(12, theirs.length - 16), mine.subarray(mine.length - 16)]);
    expect(() => tokens.verify(`${v}.${kid}.${swapped.toString('base64url')}`)).toThrow('not valid');
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'ABCxyz019-_.'), (at, ch) => {
        const altered = token.slice(0, at) + ch + token.slice(at + 1);
        if (altered === token) return true;
        expect(() => tokens.verify(altered)).toThrow('not valid');
        return true;
      }),
    );
    for (const garbage of ['', 'u1..', 'u2.a.b', 'x'.repeat(500)]) expect(() => tokens.verify(garbage)).toThrow('not valid');
  });
});

/** A u1 token exactly as notifications made them before u2 (account and purpose in clear, HMAC). */
function legacyToken(keyMaterial: Buffer, claim: { accountId: string; purpose: string }): string {
  const key = createHmac('sha256', keyMaterial).update('sargs-unsubscribe-v1').digest();
  const body = Buffer.from(JSON.stringify({ a: claim.accountId, p: claim.purpose })).toString('base64url');
  return `u1.${body}.${createHmac('sha256', key).update(`u1.${body}`).digest('base64url')}`;
}

describe('UnsubscribeTokens: privacy and key rotation', () => {
  const claim = { accountId: randomUUID(), purpose: 'marketing-email' as const };

  it('reveal no account id, in clear or encoded, and differ from mail to mail', () => {
    const tokens = new UnsubscribeTokens(randomBytes(32));
    const token = tokens.sign(claim);
    const hex = claim.accountId.replace(/-/gu, '');
    const decoded = token.split('.').map((part) => Buffer.from(part, 'base64url'));
    expect(token).not.toContain(claim.accountId);
    expect(token.toLowerCase()).not.toContain(hex);
    for (const bytes of decoded) {
      expect(bytes.toString('latin1')).not.toContain(claim.accountId);
      expect(bytes.toString('hex')).not.toContain(hex);
    }
    expect(token).not.toContain('marketing');
    expect(tokens.sign(claim)).not.toBe(token);
    expect(token.length).toBeLessThan(200);
  });

  it('name their key; after a rotation links made with the previous key still work, new ones use the current key', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = new UnsubscribeTokens(oldKey).sign(claim);
    const rotated = new UnsubscribeTokens(newKey, [oldKey]);
    const after = rotated.sign(claim);
    expect(after.split('.')[1]).toBe(rotated.kid);
    expect(before.split('.')[1]).not.toBe(rotated.kid);
    expect(rotated.verify(before)).toEqual(claim);
    expect(rotated.verify(after)).toEqual(claim);
    expect(() => new UnsubscribeTokens(oldKey).verify(after)).toThrow('not valid');
  });

  it('refuse a token naming a key not configured, or naming another configured key than the one that made it', () => {
    const keyA = randomBytes(32);
    const keyB = randomBytes(32);
    const both = new UnsubscribeTokens(keyA, [keyB]);
    const [v, , payload] = both.sign(claim).split('.');
    expect(() => both.verify(`${v}.0123456789abcdef.${payload}`)).toThrow('not valid');
    expect(() => both.verify(`${v}.${new UnsubscribeTokens(keyB).kid}.${payload}`)).toThrow('not valid');
  });

  it('still accept the u1 links of mail sent before, under the current or a previous key, and nothing forged in that format', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const rotated = new UnsubscribeTokens(newKey, [oldKey]);
    expect(rotated.verify(legacyToken(oldKey, claim))).toEqual(claim);
    expect(rotated.verify(legacyToken(newKey, claim))).toEqual(claim);
    expect(() => rotated.verify(legacyToken(randomBytes(32), claim))).toThrow('not valid');
    const [, , mac] = legacyToken(oldKey, claim).split('.');
    const otherBody = legacyToken(oldKey, { ...claim, accountId: randomUUID() }).split('.')[1];
    expect(() => rotated.verify(`u1.${otherBody}.${mac}`)).toThrow('not valid');
  });
});
