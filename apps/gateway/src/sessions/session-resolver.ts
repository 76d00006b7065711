import { createHash } from 'node:crypto';
import { resolvedSession } from '@sargs/contracts';
import type { z } from 'zod';
import { INTERNAL_ASSERTION_HEADER } from '@sargs/platform/auth-assertion';
import { CORRELATION_HEADER } from '@sargs/platform/observability';
import type { AssertionSigner } from '../proxy/assertion-signer';
import { checkAnswer, jsonBody } from '../proxy/answer-relay';
import type { Forwarder } from '../proxy/forwarder';
import { UpstreamFailure } from '../proxy/upstream-failure';
import type { SessionCache } from './session-cache';
import { isCookieValue } from './session-cookie';

export type ResolvedSession = z.infer<typeof resolvedSession>;

export const RESOLVE_PATH = '/internal/sessions/resolve';

/** What identity is asked with: the SHA-256 of the cookie, so the token itself never travels on. */
export function sessionTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/**
 * Which session a cookie names, as identity says. Its answer is reused (`cache`) only while
 * identity's change feed is connected, which ends the reuse the moment the session or its account
 * changes (logout, password change, closure, roles); without the feed, identity is asked on every
 * request. Returns undefined when the cookie names no live session; throws UpstreamFailure when
 * identity cannot say.
 */
export class SessionResolver {
  constructor(
    private readonly forwarder: Forwarder,
    private readonly signer: AssertionSigner,
    private readonly cache?: SessionCache,
  ) {}

  async resolve(token: string, context: { clientIp: string; correlationId: string }): Promise<ResolvedSession | undefined> {
    // Not a cookie value we could have set: no need to ask.
    if (!isCookieValue(token)) return undefined;
    const tokenHash = sessionTokenHash(token);
    const cached = this.cache?.get(tokenHash);
    if (cached) return cached;
    const mark = this.cache?.mark();
    const session = await this.ask(tokenHash, context);
    if (session && mark !== undefined) this.cache?.set(tokenHash, session, mark);
    return session;
  }

  /**
   * This gateway just relayed a change identity made to the account (logout, a revoked session, a
   * new password): its next request must not meet the old answer, even before the feed says so.
   */
  forget(accountId: string): void {
    this.cache?.invalidate(accountId);
  }

  /** This gateway just relayed a change identity made to someone else's account (staff, a reset link): all answers go. */
  forgetAll(): void {
    this.cache?.invalidateAll();
  }

  private async ask(tokenHash: string, context: { clientIp: string; correlationId: string }): Promise<ResolvedSession | undefined> {
    const answer = await this.forwarder.call({
      service: 'identity',
      method: 'POST',
      path: RESOLVE_PATH,
      headers: {
        [INTERNAL_ASSERTION_HEADER]: this.signer.sign({ roles: [], cip: context.clientIp, aud: 'identity' }),
        [CORRELATION_HEADER]: context.correlationId,
        'content-type': 'application/json',
      },
      body: Buffer.from(JSON.stringify({ tokenHash })),
    });
    if (answer.status === 401) return undefined;
    const failure = checkAnswer('identity', answer);
    if (failure) throw failure;
    if (answer.status !== 200) throw new UpstreamFailure('identity', 'bad-answer', `resolve answered ${answer.status}`);
    const parsed = resolvedSession.safeParse(jsonBody('identity', answer));
    if (!parsed.success) throw new UpstreamFailure('identity', 'bad-answer', 'resolve answer has the wrong shape');
    return parsed.data;
  }
}
