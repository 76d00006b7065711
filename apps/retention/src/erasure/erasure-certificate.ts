import { createHmac, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** What a completed case certifies; ids, a keyed hash of the person and times, nothing else. */
export interface CertificateBody {
  caseId: string;
  subjectRef: string;
  requestedAt: string;
  services: { service: string; erasedAt: string }[];
  completedAt: string;
  backupsExpireBy: string | null;
}

export interface Certificate extends CertificateBody {
  signature: { alg: 'Ed25519'; publicKey: string; value: string };
}

// PKCS#8 DER of an Ed25519 key is this prefix followed by the 32-byte seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The canonical bytes that are signed: keys in a fixed order, services sorted by name. */
export function canonicalCertificate(body: CertificateBody): Buffer {
  const ordered: CertificateBody = {
    caseId: body.caseId,
    subjectRef: body.subjectRef,
    requestedAt: body.requestedAt,
    services: [...body.services].sort((a, b) => a.service.localeCompare(b.service)).map((s) => ({ service: s.service, erasedAt: s.erasedAt })),
    completedAt: body.completedAt,
    backupsExpireBy: body.backupsExpireBy,
  };
  return Buffer.from(JSON.stringify(ordered), 'utf8');
}

/**
 * Signs erasure certificates with an Ed25519 key derived from PSEUDONYM_KEY (no extra secret to
 * deploy); anyone holding the public key, which each certificate carries, can check one.
 */
export class ErasureCertificateSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: string;

  constructor(pseudonymKey: Buffer) {
    const seed = createHmac('sha256', pseudonymKey).update('sargs-erasure-certificate-v1').digest();
    this.privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
  }

  /** The keyed hash that names the person in a certificate. */
  subjectRef(pseudonymKey: Buffer, subjectId: string): string {
    return `pseud:${createHmac('sha256', pseudonymKey).update(`erasure-subject\u0000${subjectId}`).digest('hex').slice(0, 32)}`;
  }

  sign(body: CertificateBody): Certificate {
    const value = sign(null, canonicalCertificate(body), this.privateKey).toString('base64');
    return { ...body, signature: { alg: 'Ed25519', publicKey: this.publicKey, value } };
  }

  /**
   * Whether this service issued the certificate as it stands: signed with its own key (anyone can
   * sign with a key of their own and attach that), over exactly these fields.
   */
  check(certificate: Certificate): { valid: boolean; reason: 'unknown-key' | 'altered' | null } {
    if (certificate.signature.publicKey !== this.publicKey) return { valid: false, reason: 'unknown-key' };
    let valid = false;
    try {
      valid = verifyCertificate(certificate);
    } catch {
      // A signature that is not base64 of the right length: not one this service made.
    }
    return valid ? { valid, reason: null } : { valid, reason: 'altered' };
  }
}

/** Checks a certificate against the public key it names. */
export function verifyCertificate(certificate: Certificate): boolean {
  const { signature, ...body } = certificate;
  const key = createPublicKey({ key: Buffer.from(signature.publicKey, 'base64'), format: 'der', type: 'spki' });
  return verify(null, canonicalCertificate(body), key, Buffer.from(signature.value, 'base64'));
}
