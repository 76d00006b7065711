import { randomBytes, randomUUID } from 'node:crypto';
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
    const [v, , mac] = token.split('.');
    expect(() => tokens.verify(`${v}.${other.split('.')[1]}.${mac}`)).toThrow('not valid');
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
