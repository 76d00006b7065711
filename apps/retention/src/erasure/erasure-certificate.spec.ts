import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { CertificateKeys, ErasureCertificateSigner, verifyCertificate, type CertificateBody, type PresentedCertificate } from './erasure-certificate';

const body: CertificateBody = {
  caseId: '3f1c2b1e-8d5a-4b8e-9a57-2f0e5a1b6c7d',
  subjectRef: 'pseud:0123',
  requestedAt: '2026-11-25T10:00:00.000Z',
  services: [
    { service: 'profile', erasedAt: '2026-11-25T10:00:01.000Z' },
    { service: 'identity', erasedAt: '2026-11-25T10:00:01.500Z' },
  ],
  completedAt: '2026-11-25T10:00:02.000Z',
  backupsExpireBy: '2026-12-25T03:00:00.000Z',
};

const newKeyPair = () => generateKeyPairSync('ed25519');
const pkcs8 = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'pkcs8' });
const spki = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' });
const thumbprint = (key: KeyObject): string => {
  const { x } = key.export({ format: 'jwk' });
  return createHash('sha256').update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x })).digest('base64url');
};
/** The signed bytes, spelled out here so the spec does not trust the code under test for them. */
const canonical = (): Buffer => Buffer.from(JSON.stringify({ ...body, services: [...body.services].sort((a, b) => a.service.localeCompare(b.service)) }));
/** Signs the certified facts with any key, the way an attacker would make a look-alike. */
const signatureBy = (key: KeyObject): string => sign(null, canonical(), key).toString('base64');

describe('erasure certificates', () => {
  const pair = newKeyPair();
  const keys = new CertificateKeys(pkcs8(pair.privateKey));

  it('verify with the pinned key, whatever the order of services', () => {
    const signed = new ErasureCertificateSigner(keys).sign(body);
    expect(verifyCertificate(signed, keys)).toBe(true);
    expect(verifyCertificate({ ...signed, services: [...signed.services].reverse() }, keys)).toBe(true);
  });

  it('fail when any certified fact is changed', () => {
    const signed = new ErasureCertificateSigner(keys).sign(body);
    expect(verifyCertificate({ ...signed, completedAt: '2026-11-26T10:00:02.000Z' }, keys)).toBe(false);
    expect(verifyCertificate({ ...signed, services: signed.services.slice(1) }, keys)).toBe(false);
    expect(verifyCertificate({ ...signed, backupsExpireBy: null }, keys)).toBe(false);
  });

  it('are signed by the dedicated key, named by its RFC 7638 thumbprint, and carry no key', () => {
    const signed = new ErasureCertificateSigner(keys).sign(body);
    expect(signed.signature).toEqual({ alg: 'Ed25519', kid: thumbprint(pair.publicKey), value: expect.any(String) });
    expect(verify(null, canonical(), pair.publicKey, Buffer.from(signed.signature.value, 'base64'))).toBe(true);
    expect(JSON.stringify(signed)).not.toContain(spki(pair.publicKey).toString('base64'));
  });

  it('publish the pinned public keys as a JWK Set, current first, and never the private key', () => {
    const previous = newKeyPair();
    const rotated = new CertificateKeys(pkcs8(pair.privateKey), [spki(previous.publicKey)]);
    const jwks = rotated.jwks();
    expect(jwks.keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: pair.publicKey.export({ format: 'jwk' }).x, kid: thumbprint(pair.publicKey), use: 'sig', alg: 'EdDSA' },
      { kty: 'OKP', crv: 'Ed25519', x: previous.publicKey.export({ format: 'jwk' }).x, kid: thumbprint(previous.publicKey), use: 'sig', alg: 'EdDSA' },
    ]);
    expect(JSON.stringify(jwks)).not.toContain(pair.privateKey.export({ format: 'jwk' }).d as string);
    // What is published verifies what is issued: an auditor needs nothing else.
    const signed = new ErasureCertificateSigner(rotated).sign(body);
    const published = createPublicKey({ key: jwks.keys.find((k) => k.kid === signed.signature.kid) as unknown as JsonWebKey, format: 'jwk' });
    expect(verify(null, canonical(), published, Buffer.from(signed.signature.value, 'base64'))).toBe(true);
  });

  it('after a rotation, still verify what the previous key signed; new ones use the new key', () => {
    const previous = newKeyPair();
    const before = new ErasureCertificateSigner(new CertificateKeys(pkcs8(previous.privateKey))).sign(body);
    const rotated = new ErasureCertificateSigner(new CertificateKeys(pkcs8(pair.privateKey), [spki(previous.publicKey)]));
    expect(rotated.check(before)).toEqual({ valid: true, reason: null });
    expect(rotated.sign(body).signature.kid).toBe(thumbprint(pair.publicKey));
    // Without the previous key pinned, its certificates are someone else's.
    expect(new ErasureCertificateSigner(keys).check(before)).toEqual({ valid: false, reason: 'unknown-key' });
  });

  it('take only a real Ed25519 private key, not key material to derive one from', () => {
    expect(new CertificateKeys(pkcs8(newKeyPair().privateKey)).kid).not.toBe(keys.kid);
    expect(() => new CertificateKeys(randomBytes(32))).toThrow();
    expect(() => new CertificateKeys(pkcs8(generateKeyPairSync('x25519').privateKey))).toThrow();
  });

  it('name the person only by a keyed hash', () => {
    const signer = new ErasureCertificateSigner(keys);
    const key = randomBytes(32);
    const ref = signer.subjectRef(key, body.caseId);
    expect(ref).toMatch(/^pseud:[0-9a-f]{32}$/u);
    expect(ref).not.toContain(body.caseId);
    expect(signer.subjectRef(randomBytes(32), body.caseId)).not.toBe(ref);
  });

  it('are checked as this service\'s own: another key, an altered field or a broken signature is not valid', () => {
    const signer = new ErasureCertificateSigner(keys);
    const signed = signer.sign(body);
    expect(signer.check(signed)).toEqual({ valid: true, reason: null });
    expect(signer.check({ ...signed, services: [...signed.services].reverse() })).toEqual({ valid: true, reason: null });
    expect(signer.check({ ...signed, subjectRef: 'pseud:4567' })).toEqual({ valid: false, reason: 'altered' });
    expect(signer.check({ ...signed, signature: { ...signed.signature, value: 'not base64 at all' } })).toEqual({ valid: false, reason: 'altered' });
    expect(signer.check({ ...signed, signature: { ...signed.signature, value: '' } })).toEqual({ valid: false, reason: 'altered' });
    // Signed correctly, but by someone else's key: it proves nothing about this service.
    expect(signer.check(new ErasureCertificateSigner(new CertificateKeys(pkcs8(newKeyPair().privateKey))).sign(body))).toEqual({ valid: false, reason: 'unknown-key' });
    expect(signer.check({ ...signed, signature: { ...signed.signature, kid: 'no-such-key' } })).toEqual({ valid: false, reason: 'unknown-key' });
  });

  it('never trust a key the certificate carries: a forgery with the attacker\'s embedded key, or naming ours, fails', () => {
    const signer = new ErasureCertificateSigner(keys);
    const attacker = newKeyPair();
    const value = signatureBy(attacker.privateKey);
    // The pre-kid format: the attacker's own public key embedded beside a valid signature by it.
    const embedded: PresentedCertificate = { ...body, signature: { alg: 'Ed25519', publicKey: spki(attacker.publicKey).toString('base64'), value } };
    expect(verifyCertificate(embedded, keys)).toBe(false);
    expect(signer.check(embedded)).toEqual({ valid: false, reason: 'unknown-key' });
    // Naming our kid over the attacker's signature, with or without the attacker's key attached.
    expect(signer.check({ ...body, signature: { alg: 'Ed25519', kid: keys.kid, value } })).toEqual({ valid: false, reason: 'altered' });
    expect(signer.check({ ...body, signature: { alg: 'Ed25519', kid: keys.kid, publicKey: spki(attacker.publicKey).toString('base64'), value } })).toEqual({ valid: false, reason: 'unknown-key' });
  });

  it('still verify a certificate from before key ids (it carried its key) when that key is pinned as a previous key', () => {
    // What retention issued before: a key derived from PSEUDONYM_KEY, its public key in the certificate.
    const pseudonymKey = randomBytes(32);
    const seed = createHmac('sha256', pseudonymKey).update('sargs-erasure-certificate-v1').digest();
    const old = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
    const oldPublic = spki(createPublicKey(old));
    const legacy: PresentedCertificate = { ...body, signature: { alg: 'Ed25519', publicKey: oldPublic.toString('base64'), value: signatureBy(old) } };
    expect(new ErasureCertificateSigner(keys).check(legacy)).toEqual({ valid: false, reason: 'unknown-key' });
    const pinned = new ErasureCertificateSigner(new CertificateKeys(pkcs8(pair.privateKey), [oldPublic]));
    expect(pinned.check(legacy)).toEqual({ valid: true, reason: null });
    expect(pinned.check({ ...legacy, completedAt: '2030-01-01T00:00:00.000Z' })).toEqual({ valid: false, reason: 'altered' });
  });
});
