import { envBase64Key, envBase64KeyList, envPositiveInt } from '@sargs/platform/config';
import { ed25519PrivateKey, ed25519PublicKey } from '@sargs/platform/secrets';

const isKey = (read: (b: Buffer) => unknown) => (b: Buffer) => {
  try {
    read(b);
    return true;
  } catch {
    return false;
  }
};

/** Erasure cases' environment variables (merged into the app's schema in config/app-config.ts). */
export const ERASURE_CONFIG = {
  /** How long participants have to answer an ErasureRequested before it is asked again. */
  ERASURE_DEADLINE_MS: envPositiveInt(10 * 60_000),
  /** ErasureRequested publications per case before a case with missing answers fails and alerts. */
  ERASURE_MAX_ATTEMPTS: envPositiveInt(3),
  /** How often overdue cases and expired legal holds are looked for. */
  ERASURE_SWEEP_INTERVAL_MS: envPositiveInt(30_000),
  /**
   * Ed25519 private key (base64 of PKCS#8, DER or PEM) that signs erasure certificates: its own key,
   * derived from nothing else; its public half is published (GET /api/v1/erasure-certificate-keys).
   */
  CERTIFICATE_SIGNING_KEY: envBase64Key(32).refine(isKey(ed25519PrivateKey), 'must be an Ed25519 private key (base64 of PKCS#8)'),
  /**
   * Public keys of earlier signing keys (comma-separated base64 SPKI DER), kept after a rotation:
   * certificates they signed still verify, and they stay published. New certificates use the current key.
   */
  CERTIFICATE_SIGNING_PREVIOUS_PUBLIC_KEYS: envBase64KeyList(32).refine((keys) => keys.every(isKey(ed25519PublicKey)), 'must be Ed25519 public keys (base64 SPKI DER)'),
};
