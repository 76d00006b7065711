import { generateKeyPairSync } from 'node:crypto';
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
