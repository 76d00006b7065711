import { Controller, HttpCode, Post, Sse, type MessageEvent } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { MEMBERSHIP_CHANGES_PATH, membershipLookupBody, type MembershipLookupAnswer, type MembershipLookupBody } from '@sargs/contracts';
import { NO_SUCH_ORGANISATION, NotFoundError, OptionalAccount, ZodBody } from '@sargs/platform/service';
import { MembershipChangeFeed } from './membership-change-feed';
import { MembershipsService } from './memberships.service';

/**
 * The gateway's question on a tenant request it has no answer kept for (docs/tenancy.md): the caller's role in the
 * organisation, or 404 for a non-member, an unknown or a deleted organisation alike. Internal,
 * never routed from outside; the assertion must name the account asked about.
 */
@Controller()
export class MembershipLookupController {
  constructor(
    private readonly memberships: MembershipsService,
    private readonly changes: MembershipChangeFeed,
  ) {}

  @Post('internal/memberships/resolve')
  @HttpCode(200)
  async resolve(@OptionalAccount() caller: string | undefined, @ZodBody(membershipLookupBody) body: MembershipLookupBody): Promise<MembershipLookupAnswer> {
    const role = caller === body.accountId ? await this.memberships.roleOf(body.orgId, body.accountId) : undefined;
    if (!role) throw new NotFoundError(NO_SUCH_ORGANISATION);
    return { role };
  }

  /** The gateways' feed of membership changes (server-sent events): internal, never routed from outside. */
  @Sse(MEMBERSHIP_CHANGES_PATH.slice(1))
  changeFeed(): Observable<MessageEvent> {
    return this.changes.stream();
  }
}
