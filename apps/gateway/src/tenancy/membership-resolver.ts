import { membershipLookupAnswer, type OrgRole } from '@sargs/contracts';
import { INTERNAL_ASSERTION_HEADER } from '@sargs/platform/auth-assertion';
import { CORRELATION_HEADER } from '@sargs/platform/observability';
import type { AssertionSigner } from '../proxy/assertion-signer';
import { checkAnswer, jsonBody } from '../proxy/answer-relay';
import type { Forwarder } from '../proxy/forwarder';
import { UpstreamFailure } from '../proxy/upstream-failure';

export const MEMBERSHIP_PATH = '/internal/memberships/resolve';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Asks organizations, on every tenant request, the caller's role in the organisation the path
 * names. Nothing is cached: a removed member, or every member of a deleted organisation, is
 * refused on the very next request. Returns undefined for a non-member (or an id that is no
 * organisation's); throws UpstreamFailure when organizations cannot say.
 */
export class MembershipResolver {
  constructor(
    private readonly forwarder: Forwarder,
    private readonly signer: AssertionSigner,
  ) {}

  async roleOf(orgId: string, accountId: string, context: { clientIp: string; correlationId: string }): Promise<OrgRole | undefined> {
    // Not an id any organisation could have: no need to ask.
    if (!UUID.test(orgId)) return undefined;
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
