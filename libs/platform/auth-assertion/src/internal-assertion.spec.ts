import { generateKeyPairSync } from 'node:crypto';
import { signAssertion, verifyAssertion } from './internal-assertion';

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
});
