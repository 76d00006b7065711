import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { ROLE_NAMES, type RoleName } from '@sargs/contracts';

/** Header that carries the gateway's signed statement of who is calling. */
export const INTERNAL_ASSERTION_HEADER = 'x-sargs-assertion';

export const ROLES = ROLE_NAMES;
export type Role = RoleName;

/** Who the gateway says is calling: account, roles and session, for one target service. */
export interface InternalAssertion {
  /** Account id; absent for anonymous calls the gateway forwards (sign-up, password reset). */
  sub?: string;
  roles: Role[];
  /** The session's public id, when the call came with a session. */
  sid?: string;
  /** The client's address as the gateway saw it, for per-address throttling. */
  cip?: string;
  /** The service the assertion is for: one service cannot replay it against another. */
  aud: string;
  iat: number;
  exp: number;
}

export class InvalidAssertionError extends Error {
  constructor(reason: string) {
    super(`invalid internal assertion: ${reason}`);
    this.name = 'InvalidAssertionError';
  }
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');
const CLOCK_SKEW_SECONDS = 5;

export function assertionPrivateKey(der: Buffer): KeyObject {
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

export function assertionPublicKey(der: Buffer): KeyObject {
  return createPublicKey({ key: der, format: 'der', type: 'spki' });
}

/**
 * Signs an assertion as a compact EdDSA JWT. Ed25519 rather than a shared HMAC secret: services
 * hold only the public key, so no service can mint an assertion (least privilege).
 */
export function signAssertion(
  privateKey: KeyObject,
  claims: Omit<InternalAssertion, 'iat' | 'exp'>,
  ttlSeconds = 30,
  now = Date.now(),
): string {
  const iat = Math.floor(now / 1000);
  const body = Buffer.from(JSON.stringify({ ...claims, iat, exp: iat + ttlSeconds })).toString('base64url');
  const signature = sign(null, Buffer.from(`${HEADER}.${body}`), privateKey).toString('base64url');
  return `${HEADER}.${body}.${signature}`;
}

export function verifyAssertion(publicKey: KeyObject, token: string, audience: string, now = Date.now()): InternalAssertion {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) throw new InvalidAssertionError('malformed');
  const [header, body, signature] = parts;
  if (!verify(null, Buffer.from(`${header}.${body}`), publicKey, Buffer.from(signature, 'base64url'))) {
    throw new InvalidAssertionError('bad signature');
  }
  let claims: InternalAssertion;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as InternalAssertion;
  } catch {
    throw new InvalidAssertionError('malformed');
  }
  const seconds = Math.floor(now / 1000);
  if (claims.aud !== audience) throw new InvalidAssertionError('wrong audience');
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS < seconds) throw new InvalidAssertionError('expired');
  if (typeof claims.iat !== 'number' || claims.iat - CLOCK_SKEW_SECONDS > seconds) throw new InvalidAssertionError('issued in the future');
  if (!Array.isArray(claims.roles) || !claims.roles.every((r) => (ROLES as readonly string[]).includes(r))) {
    throw new InvalidAssertionError('bad roles');
  }
  return claims;
}

/** How many verified assertions a service remembers; past that it starts over (memory stays flat). */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * verifyAssertion with a memory: the gateway reuses one assertion for identical claims for a few
 * seconds, and an Ed25519 verification costs about 0.1 ms, the largest share of a cheap request.
 * Keyed by the exact token text, which the signature covers, so a hit is as good as a verify;
 * expiry is checked again on every hit.
 */
export class CachingAssertionVerifier {
  private readonly verified = new Map<string, InternalAssertion>();

  constructor(
    private readonly publicKey: KeyObject,
    private readonly audience: string,
  ) {}

  verify(token: string, now = Date.now()): InternalAssertion {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp + CLOCK_SKEW_SECONDS >= Math.floor(now / 1000)) return known;
      this.verified.delete(token);
    }
    const claims = verifyAssertion(this.publicKey, token, this.audience, now);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }
}
