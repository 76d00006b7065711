import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { ORG_ROLES, ROLE_NAMES, type OrgRole, type RoleName } from '@sargs/contracts';
import { ed25519KeyId } from '@sargs/platform/secrets';

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
  /**
   * On a tenant route (`/orgs/:id/...`): the organisation the path names and the caller's role in
   * it, as organizations said a moment ago. A service scopes its tenant data by this, never by the path alone.
   */
  org?: { id: string; role: OrgRole };
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

const CLOCK_SKEW_SECONDS = 5;

/** The JWT header naming the signing key (kid: its RFC 7638 thumbprint), so the key can be rotated. */
const headerOf = (privateKey: KeyObject): string => Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT', kid: ed25519KeyId(privateKey) })).toString('base64url');
/** What a gateway from before key ids sends (rolling update): checked against every key held. */
const HEADER_WITHOUT_KID = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');

/**
 * The keys a service accepts assertions from, by id: the gateway's current key, and during a
 * rotation its previous one, so assertions in flight while the gateway switches keep verifying.
 */
export class AssertionKeys {
  private readonly byKid: ReadonlyMap<string, KeyObject>;

  constructor(publicKeys: KeyObject | readonly KeyObject[]) {
    const keys = Array.isArray(publicKeys) ? publicKeys : [publicKeys as KeyObject];
    this.byKid = new Map(keys.map((key) => [ed25519KeyId(key), key]));
  }

  /** The key of this header's kid; undefined for an unknown kid or a header that is not ours. */
  keyFor(header: string): KeyObject | readonly KeyObject[] | undefined {
    if (header === HEADER_WITHOUT_KID) return [...this.byKid.values()];
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const { alg, typ, kid, ...rest } = (parsed ?? {}) as Record<string, unknown>;
    if (alg !== 'EdDSA' || typ !== 'JWT' || typeof kid !== 'string' || Object.keys(rest).length > 0) return undefined;
    return this.byKid.get(kid);
  }
}

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
  const header = headerOf(privateKey);
  const body = Buffer.from(JSON.stringify({ ...claims, iat, exp: iat + ttlSeconds })).toString('base64url');
  const signature = sign(null, Buffer.from(`${header}.${body}`), privateKey).toString('base64url');
  return `${header}.${body}.${signature}`;
}

/** Checks an assertion against the key its header names, among the keys given (a key, or AssertionKeys). */
export function verifyAssertion(publicKeys: KeyObject | AssertionKeys, token: string, audience: string, now = Date.now()): InternalAssertion {
  const keys = publicKeys instanceof AssertionKeys ? publicKeys : new AssertionKeys(publicKeys);
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidAssertionError('malformed');
  const [header, body, signature] = parts;
  const key = keys.keyFor(header);
  if (!key) throw new InvalidAssertionError('bad signature (unknown key)');
  const signed = Buffer.from(`${header}.${body}`);
  const signatureBytes = Buffer.from(signature, 'base64url');
  const candidates: readonly KeyObject[] = Array.isArray(key) ? key : [key as KeyObject];
  if (!candidates.some((candidate) => verify(null, signed, candidate, signatureBytes))) {
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
  if (claims.org !== undefined && !validOrgClaim(claims.org)) throw new InvalidAssertionError('bad org');
  return claims;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validOrgClaim(org: unknown): boolean {
  if (typeof org !== 'object' || org === null) return false;
  const { id, role, ...rest } = org as Record<string, unknown>;
  return typeof id === 'string' && UUID.test(id) && (ORG_ROLES as readonly unknown[]).includes(role) && Object.keys(rest).length === 0;
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

  private readonly keys: AssertionKeys;

  constructor(
    publicKeys: KeyObject | readonly KeyObject[],
    private readonly audience: string,
  ) {
    this.keys = new AssertionKeys(publicKeys);
  }

  verify(token: string, now = Date.now()): InternalAssertion {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp + CLOCK_SKEW_SECONDS >= Math.floor(now / 1000)) return known;
      this.verified.delete(token);
    }
    const claims = verifyAssertion(this.keys, token, this.audience, now);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }
}
