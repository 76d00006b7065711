import type { KeyObject } from 'node:crypto';
import { signAssertion, type InternalAssertion } from '@sargs/platform/auth-assertion';

export type AssertionClaims = Omit<InternalAssertion, 'iat' | 'exp'>;

const TTL_SECONDS = 30;
/** A signed assertion is reused this long (it lives 30 s, so a service always sees ≥ 20 s left). */
const REUSE_MS = 10_000;
const MAX_CACHED = 10_000;

/**
 * Signs internal assertions, reusing one for identical claims for a few seconds: a busy session
 * then costs one Ed25519 signature per 10 s and service rather than one per request. Only the
 * signature is cached, never a session resolution: revocation still takes effect at once.
 */
export class AssertionSigner {
  private readonly cache = new Map<string, { token: string; signedAt: number }>();

  constructor(
    private readonly privateKey: KeyObject,
    private readonly now: () => number = Date.now,
  ) {}

  sign(claims: AssertionClaims): string {
    const key = JSON.stringify([claims.aud, claims.sub ?? null, claims.sid ?? null, claims.cip ?? null, [...claims.roles].sort(), claims.org?.id ?? null, claims.org?.role ?? null]);
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && now - cached.signedAt < REUSE_MS) return cached.token;
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    const token = signAssertion(this.privateKey, claims, TTL_SECONDS, now);
    this.cache.set(key, { token, signedAt: now });
    return token;
  }
}
