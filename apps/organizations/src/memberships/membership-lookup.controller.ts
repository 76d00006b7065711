import { Controller, HttpCode, Post } from '@nestjs/common';
import { membershipLookupBody, type MembershipLookupAnswer, type MembershipLookupBody } from '@sargs/contracts';
import { NO_SUCH_ORGANISATION, NotFoundError, OptionalAccount, ZodBody } from '@sargs/platform/service';
import { MembershipsService } from './memberships.service';

/**
 * The gateway's question on every tenant request (docs/tenancy.md): the caller's role in the
 * organisation, or 404 for a non-member, an unknown or a deleted organisation alike. Internal,
 * never routed from outside; the assertion must name the account asked about.
 */
@Controller()
export class MembershipLookupController {
  constructor(private readonly memberships: MembershipsService) {}

  @Post('internal/memberships/resolve')
  @HttpCode(200)
  async resolve(@OptionalAccount() caller: string | undefined, @ZodBody(membershipLookupBody) body: MembershipLookupBody): Promise<MembershipLookupAnswer> {
    const role = caller === body.accountId ? await this.memberships.roleOf(body.orgId, body.accountId) : undefined;
    if (!role) throw new NotFoundError(NO_SUCH_ORGANISATION);
    return { role };
  }
}
