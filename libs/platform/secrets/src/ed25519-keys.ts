import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** An Ed25519 public key as a JWK (RFC 8037). */
export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

/** Reads an Ed25519 public key (base64 SPKI DER, as configured); anything else throws. */
export function ed25519PublicKey(spkiDer: Buffer): KeyObject {
  const key = createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
  return key;
}

/** Reads an Ed25519 private key given as PKCS#8, DER or PEM; anything else throws. */
export function ed25519PrivateKey(pkcs8: Buffer): KeyObject {
  const pem = pkcs8.toString('latin1').includes('-----BEGIN');
  const key = pem ? createPrivateKey({ key: pkcs8, format: 'pem' }) : createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 private key');
  return key;
}

/** The public half as a JWK: `x` is the raw 32-byte key, base64url. */
export function ed25519PublicJwk(key: KeyObject): Ed25519PublicJwk {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  return { kty: 'OKP', crv: 'Ed25519', x: String(jwk.x) };
}

const keyIds = new WeakMap<KeyObject, string>();

/**
 * The key's id: its RFC 7638 JWK thumbprint (SHA-256 over `{"crv","kty","x"}`, base64url), which
 * anyone holding the public key can recompute, so an id cannot be pinned to another key.
 */
export function ed25519KeyId(key: KeyObject): string {
  const known = keyIds.get(key);
  if (known) return known;
  const { crv, kty, x } = ed25519PublicJwk(key);
  const kid = createHash('sha256').update(JSON.stringify({ crv, kty, x })).digest('base64url');
  keyIds.set(key, kid);
  return kid;
}
