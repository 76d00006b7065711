import { membershipLookupAnswer, type OrgRole } from '@sargs/contracts';
import { INTERNAL_ASSERTION_HEADER } from '@sargs/platform/auth-assertion';
import { CORRELATION_HEADER } from '@sargs/platform/observability';
import type { AssertionSigner } from '../proxy/assertion-signer';
import { checkAnswer, jsonBody } from '../proxy/answer-relay';
import type { Forwarder } from '../proxy/forwarder';
import { MembershipCache } from './membership-cache';
import { UpstreamFailure } from '../proxy/upstream-failure';

export const MEMBERSHIP_PATH = '/internal/memberships/resolve';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The caller's role in the organisation a tenant route's path names, as organizations says. A
 * role is reused (`cache`) only while organizations' change feed is connected, which ends the
 * reuse the moment the role changes, the member is removed or the organisation is deleted; so
 * they are refused on the very next request, as without it. Returns undefined for a non-member
 * (or an id that is no organisation's); throws UpstreamFailure when organizations cannot say.
 */
export class MembershipResolver {
  constructor(
    private readonly forwarder: Forwarder,
    private readonly signer: AssertionSigner,
    private readonly cache?: MembershipCache,
  ) {}

  async roleOf(pathId: string, accountId: string, context: { clientIp: string; correlationId: string }): Promise<OrgRole | undefined> {
    // Not an id any organisation could have: no need to ask.
    if (!UUID.test(pathId)) return undefined;
    const orgId = pathId.toLowerCase();
    const key = MembershipCache.key(orgId, accountId);
    const kept = this.cache?.get(key);
    if (kept) return kept.role;
    const mark = this.cache?.mark();
    const role = await this.ask(orgId, accountId, context);
    if (role && mark !== undefined) this.cache?.set(key, { orgId, role }, mark);
    return role;
  }

  /** This gateway just relayed a change to the organisation's members (or the organisation): its next request asks again. */
  forget(orgId: string): void {
    this.cache?.invalidate(orgId.toLowerCase());
  }

  /** This gateway just relayed a change organizations made outside one organisation's routes: every answer goes. */
  forgetAll(): void {
    this.cache?.invalidateAll();
  }

  private async ask(orgId: string, accountId: string, context: { clientIp: string; correlationId: string }): Promise<OrgRole | undefined> {
    const answer = await this.forwarder.call({
      service: 'organizations',
      method: 'POST',
      path: MEMBERSHIP_PATH,
      headers: {
        [INTERNAL_ASSERTION_HEADER]: this.signer.sign({ sub: accountId, roles: [], cip: context.clientIp, aud: 'organizations' }),
        [CORRELATION_HEADER]: context.correlationId,
        'content-type': 'application/json',
      },
      body: Buffer.from(JSON.stringify({ orgId, accountId })),
    });
    if (answer.status === 404) return undefined;
    const failure = checkAnswer('organizations', answer);
    if (failure) throw failure;
    if (answer.status !== 200) throw new UpstreamFailure('organizations', 'bad-answer', `membership lookup answered ${answer.status}`);
    const parsed = membershipLookupAnswer.safeParse(jsonBody('organizations', answer));
    if (!parsed.success) throw new UpstreamFailure('organizations', 'bad-answer', 'membership answer has the wrong shape');
    return parsed.data.role;
  }
}
