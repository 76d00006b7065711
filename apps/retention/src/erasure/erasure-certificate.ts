import { createHmac, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { ed25519KeyId, ed25519PrivateKey, ed25519PublicJwk, ed25519PublicKey, type Ed25519PublicJwk } from '@sargs/platform/secrets';

/** What a completed case certifies; ids, a keyed hash of the person and times, nothing else. */
export interface CertificateBody {
  caseId: string;
  subjectRef: string;
  requestedAt: string;
  services: { service: string; erasedAt: string }[];
  completedAt: string;
  backupsExpireBy: string | null;
}

/** A certificate as issued: the signature names its key by id, never carries a key to trust. */
export interface Certificate extends CertificateBody {
  signature: { alg: 'Ed25519'; kid: string; value: string };
}

/**
 * A certificate as someone hands it back for checking: issued now (kid), or before key ids, when
 * certificates carried their public key (`publicKey`). Either only names a key to look up among the
 * pinned ones; a key a certificate carries is never used to check it.
 */
export interface PresentedCertificate extends CertificateBody {
  signature: { alg: 'Ed25519'; kid?: string; publicKey?: string; value: string };
}

/** One published key (JWKS, RFC 7517 / RFC 8037): what an auditor checks certificates with. */
export interface CertificateJwk extends Ed25519PublicJwk {
  kid: string;
  use: 'sig';
  alg: 'EdDSA';
}

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
 * retention's certificate keys: the dedicated signing key (CERTIFICATE_SIGNING_KEY, nothing else
 * derives from it) and the public keys pinned for checking, by kid (the RFC 7638 thumbprint): the
 * current one and any previous ones kept after a rotation, so certificates issued before still verify.
 */
export class CertificateKeys {
  private readonly signingKey: KeyObject;
  readonly kid: string;
  private readonly pinned: ReadonlyMap<string, KeyObject>;

  constructor(signingKey: Buffer, previousPublicKeys: readonly Buffer[] = []) {
    this.signingKey = ed25519PrivateKey(signingKey);
    this.kid = ed25519KeyId(this.signingKey);
    const previous = previousPublicKeys.map((der) => ed25519PublicKey(der));
    this.pinned = new Map([[this.kid, createPublicKey(this.signingKey)], ...previous.map((key): [string, KeyObject] => [ed25519KeyId(key), key])]);
  }

  /** The pinned public key of this id, if any. */
  publicKey(kid: string): KeyObject | undefined {
    return this.pinned.get(kid);
  }

  /** Every pinned key as a JWK set, the current one first (what the public keys URL serves). */
  jwks(): { keys: CertificateJwk[] } {
    return { keys: [...this.pinned].map(([kid, key]) => ({ ...ed25519PublicJwk(key), kid, use: 'sig', alg: 'EdDSA' })) };
  }

  signWith(data: Buffer): string {
    return sign(null, data, this.signingKey).toString('base64');
  }
}

/** The kid a presented certificate names: its own, or the thumbprint of the key an older one carried. */
function namedKid(signature: PresentedCertificate['signature']): string | undefined {
  let carried: string | undefined;
  if (signature.publicKey !== undefined) {
    try {
      carried = ed25519KeyId(ed25519PublicKey(Buffer.from(signature.publicKey, 'base64')));
    } catch {
      return undefined;
    }
  }
  if (signature.kid !== undefined && carried !== undefined && signature.kid !== carried) return undefined;
  return signature.kid ?? carried;
}

/**
 * Checks a certificate against retention's pinned keys only: the key its kid names, never a key
 * the certificate carries (anyone can sign with a key of their own and attach it). `unknown-key`:
 * no pinned key by that id; `altered`: a pinned key, but not over exactly these fields.
 */
export function checkCertificate(certificate: PresentedCertificate, keys: CertificateKeys): { valid: boolean; reason: 'unknown-key' | 'altered' | null } {
  const { signature, ...body } = certificate;
  const kid = namedKid(signature);
  const key = kid === undefined ? undefined : keys.publicKey(kid);
  if (!key) return { valid: false, reason: 'unknown-key' };
  let valid = false;
  try {
    valid = verify(null, canonicalCertificate(body), key, Buffer.from(signature.value, 'base64'));
  } catch {
    // A signature that is not of the right length: not one this service made.
  }
  return valid ? { valid, reason: null } : { valid, reason: 'altered' };
}

/** Whether a certificate verifies against the pinned keys (see checkCertificate). */
export function verifyCertificate(certificate: PresentedCertificate, keys: CertificateKeys): boolean {
  return checkCertificate(certificate, keys).valid;
}

/** Signs erasure certificates with retention's dedicated key, and checks them against the pinned keys. */
export class ErasureCertificateSigner {
  constructor(readonly keys: CertificateKeys) {}

  /** The keyed hash that names the person in a certificate. */
  subjectRef(pseudonymKey: Buffer, subjectId: string): string {
    return `pseud:${createHmac('sha256', pseudonymKey).update(`erasure-subject\u0000${subjectId}`).digest('hex').slice(0, 32)}`;
  }

  sign(body: CertificateBody): Certificate {
    return { ...body, signature: { alg: 'Ed25519', kid: this.keys.kid, value: this.keys.signWith(canonicalCertificate(body)) } };
  }

  /** Whether this service issued the certificate as it stands: a pinned key's signature over exactly these fields. */
  check(certificate: PresentedCertificate): { valid: boolean; reason: 'unknown-key' | 'altered' | null } {
    return checkCertificate(certificate, this.keys);
  }
}
