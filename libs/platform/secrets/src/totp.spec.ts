import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, timeStep, totpCode } from './totp';

// RFC 6238 appendix B (SHA-1 seed) and RFC 4226 appendix D.
const SEED = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('at %i s gives the RFC 6238 test vector %s', (seconds, code) => {
    expect(totpCode(SEED, seconds * 1000, 8)).toBe(code);
    expect(totpCode(SEED, seconds * 1000)).toBe(code.slice(-6));
  });

  it('gives the RFC 4226 HOTP values', () => {
    expect([0, 1, 2, 3, 9].map((c) => hotp(SEED, c))).toEqual(['755224', '287082', '359152', '969429', '520489']);
  });

  it('accepts the code of the step before, now and after, once, and nothing further away', () => {
    const at = 1_700_000_000_000;
    const step = timeStep(at);
    expect(matchTotp(SEED, hotp(SEED, step), at, null)).toBe(step);
    expect(matchTotp(SEED, hotp(SEED, step - 1), at, null)).toBe(step - 1);
    expect(matchTotp(SEED, hotp(SEED, step + 1), at, null)).toBe(step + 1);
    expect(matchTotp(SEED, hotp(SEED, step - 2), at, null)).toBeUndefined();
    expect(matchTotp(SEED, hotp(SEED, step + 2), at, null)).toBeUndefined();
    // Already used: that step and every earlier one are refused.
    expect(matchTotp(SEED, hotp(SEED, step), at, step)).toBeUndefined();
    expect(matchTotp(SEED, hotp(SEED, step - 1), at, step - 1)).toBeUndefined();
    expect(matchTotp(SEED, hotp(SEED, step + 1), at, step)).toBe(step + 1);
  });

  it('refuses anything but six digits', () => {
    const at = 1_700_000_000_000;
    for (const code of ['', '12345', '1234567', 'abcdef', ` ${totpCode(SEED, at)}`, '１２３４５６']) expect(matchTotp(SEED, code, at, null)).toBeUndefined();
  });
});

describe('base32 (RFC 4648)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes %j as %s and back', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    if (plain) expect(base32Decode(encoded)?.toString()).toBe(plain);
  });

  it('decodes lower case, spaces and padding, and refuses other letters', () => {
    expect(base32Decode('mzxw 6ytb oi======')?.toString()).toBe('foobar');
    expect(base32Decode('MZXW1')).toBeUndefined();
    expect(base32Decode('')).toBeUndefined();
  });
});

describe('otpauth URI', () => {
  it('names the issuer and account and carries the parameters apps read', () => {
    const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'Sargs', 'anna@example.test'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Sargs:anna@example.test');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', issuer: 'Sargs', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});
