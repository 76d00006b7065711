import { randomBytes } from 'node:crypto';
import { ErasureCertificateSigner, verifyCertificate, type CertificateBody } from './erasure-certificate';

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

describe('erasure certificates', () => {
  const key = randomBytes(32);

  it('verify with the public key they carry, whatever the order of services', () => {
    const signed = new ErasureCertificateSigner(key).sign(body);
    expect(verifyCertificate(signed)).toBe(true);
    expect(verifyCertificate({ ...signed, services: [...signed.services].reverse() })).toBe(true);
  });

  it('fail when any certified fact is changed', () => {
    const signed = new ErasureCertificateSigner(key).sign(body);
    expect(verifyCertificate({ ...signed, completedAt: '2026-11-26T10:00:02.000Z' })).toBe(false);
    expect(verifyCertificate({ ...signed, services: signed.services.slice(1) })).toBe(false);
    expect(verifyCertificate({ ...signed, backupsExpireBy: null })).toBe(false);
  });

  it('are signed by the same key for the same PSEUDONYM_KEY, and another key for another', () => {
    expect(new ErasureCertificateSigner(key).publicKey).toBe(new ErasureCertificateSigner(key).publicKey);
    expect(new ErasureCertificateSigner(randomBytes(32)).publicKey).not.toBe(new ErasureCertificateSigner(key).publicKey);
  });

  it('name the person only by a keyed hash', () => {
    const signer = new ErasureCertificateSigner(key);
    const ref = signer.subjectRef(key, body.caseId);
    expect(ref).toMatch(/^pseud:[0-9a-f]{32}$/u);
    expect(ref).not.toContain(body.caseId);
    expect(signer.subjectRef(randomBytes(32), body.caseId)).not.toBe(ref);
  });

  it('are checked as this service\'s own: another key, an altered field or a broken signature is not valid', () => {
    const signer = new ErasureCertificateSigner(key);
    const signed = signer.sign(body);
    expect(signer.check(signed)).toEqual({ valid: true, reason: null });
    expect(signer.check({ ...signed, services: [...signed.services].reverse() })).toEqual({ valid: true, reason: null });
    expect(signer.check({ ...signed, subjectRef: 'pseud:4567' })).toEqual({ valid: false, reason: 'altered' });
    expect(signer.check({ ...signed, signature: { ...signed.signature, value: 'not base64 at all' } })).toEqual({ valid: false, reason: 'altered' });
    expect(signer.check({ ...signed, signature: { ...signed.signature, value: '' } })).toEqual({ valid: false, reason: 'altered' });
    // Signed correctly, but by someone else's key: it proves nothing about this service.
    expect(signer.check(new ErasureCertificateSigner(randomBytes(32)).sign(body))).toEqual({ valid: false, reason: 'unknown-key' });
  });
});
