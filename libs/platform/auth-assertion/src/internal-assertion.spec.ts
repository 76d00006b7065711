import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { ed25519KeyId } from '@sargs/platform/secrets';
import { CachingAssertionVerifier, signAssertion, verifyAssertion } from './internal-assertion';

const gateway = generateKeyPairSync('ed25519');
const impostor = generateKeyPairSync('ed25519');
const claims = { sub: '9b1f1d8e-2d55-4f7b-9d3c-5a1b2c3d4e5f', roles: ['user' as const], sid: 's1', aud: 'profile' };

describe('internal assertion', () => {
  it('verifies what the gateway signed for this service', () => {
    const token = signAssertion(gateway.privateKey, claims);
    expect(verifyAssertion(gateway.publicKey, token, 'profile')).toMatchObject(claims);
  });

  it('refuses another audience, another signer, tampering and expiry', () => {
    const token = signAssertion(gateway.privateKey, claims);
    expect(() => verifyAssertion(gateway.publicKey, token, 'identity')).toThrow('wrong audience');
    expect(() => verifyAssertion(gateway.publicKey, signAssertion(impostor.privateKey, claims), 'profile')).toThrow('bad signature');
    const [h, , s] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'], iat: 0, exp: 9e9 })).toString('base64url');
    expect(() => verifyAssertion(gateway.publicKey, `${h}.${forged}.${s}`, 'profile')).toThrow('bad signature');
    const old = signAssertion(gateway.privateKey, claims, 30, Date.now() - 120_000);
    expect(() => verifyAssertion(gateway.publicKey, old, 'profile')).toThrow('expired');
    expect(() => verifyAssertion(gateway.publicKey, 'garbage', 'profile')).toThrow('malformed');
  });

  it("carries a tenant route's organisation and role, and refuses an org claim of any other shape", () => {
    const org = { id: '3c7e8f0a-1b2c-4d5e-8f90-a1b2c3d4e5f6', role: 'admin' as const };
    expect(verifyAssertion(gateway.publicKey, signAssertion(gateway.privateKey, { ...claims, org }), 'profile').org).toEqual(org);
    const bad = [{ id: 'nope', role: 'admin' }, { id: org.id, role: 'superuser' }, { ...org, extra: 1 }, 'org'];
    for (const value of bad) {
      const token = signAssertion(gateway.privateKey, { ...claims, org: value as never });
      expect(() => verifyAssertion(gateway.publicKey, token, 'profile')).toThrow('bad org');
    }
  });

  it('remembers verified assertions but still refuses them once expired, and never caches a failure', () => {
    const verifier = new CachingAssertionVerifier(gateway.publicKey, 'profile');
    const now = Date.now();
    const token = signAssertion(gateway.privateKey, claims, 30, now);
    expect(verifier.verify(token, now)).toMatchObject(claims);
    expect(verifier.verify(token, now + 1000)).toMatchObject(claims);
    expect(() => verifier.verify(token, now + 60_000)).toThrow('expired');
    const forged = signAssertion(impostor.privateKey, claims, 30, now);
    expect(() => verifier.verify(forged, now)).toThrow('bad signature');
    expect(() => verifier.verify(forged, now)).toThrow('bad signature');
    expect(() => new CachingAssertionVerifier(gateway.publicKey, 'identity').verify(token, now)).toThrow('wrong audience');
  });
});

describe('internal assertion keys', () => {
  const next = generateKeyPairSync('ed25519');
  const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as Record<string, unknown>;

  it('names the signing key in the JWT header: its RFC 7638 thumbprint', () => {
    const token = signAssertion(gateway.privateKey, claims);
    const jwk = gateway.publicKey.export({ format: 'jwk' });
    const thumbprint = createHash('sha256').update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x: jwk.x })).digest('base64url');
    expect(headerOf(token)).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: thumbprint });
    expect(ed25519KeyId(gateway.publicKey)).toBe(thumbprint);
    expect(ed25519KeyId(gateway.privateKey)).toBe(thumbprint);
  });

  it('during a rotation, a service holding the new and the previous key verifies assertions made with either', () => {
    const keys = [next.publicKey, gateway.publicKey];
    const verifier = new CachingAssertionVerifier(keys, 'profile');
    expect(verifier.verify(signAssertion(gateway.privateKey, claims))).toMatchObject(claims);
    expect(verifier.verify(signAssertion(next.privateKey, claims))).toMatchObject(claims);
    expect(() => verifier.verify(signAssertion(impostor.privateKey, claims))).toThrow('unknown key');
    // Before the rotation, the new key's assertions are nobody's.
    expect(() => verifyAssertion(gateway.publicKey, signAssertion(next.privateKey, claims), 'profile')).toThrow('unknown key');
  });

  it('refuses a header that names a held key over another key\'s signature, or any other header', () => {
    const token = signAssertion(impostor.privateKey, claims);
    const [, body, signature] = token.split('.');
    const claimed = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT', kid: ed25519KeyId(gateway.publicKey) })).toString('base64url');
    expect(() => verifyAssertion(gateway.publicKey, `${claimed}.${body}.${signature}`, 'profile')).toThrow('bad signature');
    for (const header of [{ alg: 'none', typ: 'JWT', kid: ed25519KeyId(gateway.publicKey) }, { alg: 'EdDSA', typ: 'JWT', kid: ed25519KeyId(gateway.publicKey), jwk: {} }]) {
      const forged = Buffer.from(JSON.stringify(header)).toString('base64url');
      const signed = sign(null, Buffer.from(`${forged}.${body}`), gateway.privateKey).toString('base64url');
      expect(() => verifyAssertion(gateway.publicKey, `${forged}.${body}.${signed}`, 'profile')).toThrow('unknown key');
    }
  });

  it('still verifies the header without kid an older gateway sends during a rolling update, with any key held', () => {
    const legacy = (key: KeyObject) => {
      const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');
      const iat = Math.floor(Date.now() / 1000);
      const body = Buffer.from(JSON.stringify({ ...claims, iat, exp: iat + 30 })).toString('base64url');
      return `${header}.${body}.${sign(null, Buffer.from(`${header}.${body}`), key).toString('base64url')}`;
    };
    const verifier = new CachingAssertionVerifier([next.publicKey, gateway.publicKey], 'profile');
    expect(verifier.verify(legacy(gateway.privateKey))).toMatchObject(claims);
    expect(() => verifier.verify(legacy(impostor.privateKey))).toThrow('bad signature');
  });
});
