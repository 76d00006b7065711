import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { acceptInvitationBody, createInvitationBody, ORG_MANAGERS, type AcceptInvitationBody, type CreateInvitationBody, type Language } from '@sargs/contracts';
import { Account, IdParam, LanguageHint, OrgMember, SignedIn, Tenant, ZodBody, type TenantCaller } from '@sargs/platform/service';
import { InvitationsService, NO_SUCH_INVITATION } from './invitations.service';

/** docs/api.md "Organisations": inviting people by e-mail, and accepting an invitation. */
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @OrgMember(ORG_MANAGERS)
  @Post('orgs/:id/invitations')
  issue(@Tenant() caller: TenantCaller, @ZodBody(createInvitationBody) body: CreateInvitationBody, @LanguageHint() language: Language | undefined) {
    return this.invitations.issue(caller, body, language);
  }

  @OrgMember(ORG_MANAGERS)
  @Get('orgs/:id/invitations')
  list(@Tenant() caller: TenantCaller) {
    return this.invitations.list(caller);
  }

  @OrgMember(ORG_MANAGERS)
  @Delete('orgs/:id/invitations/:invitationId')
  @HttpCode(204)
  async revoke(@Tenant() caller: TenantCaller, @IdParam('invitationId', NO_SUCH_INVITATION) invitationId: string): Promise<void> {
    await this.invitations.revoke(caller, invitationId);
  }

  @SignedIn()
  @Post('org-invitations/accept')
  @HttpCode(204)
  async accept(@Account() accountId: string, @ZodBody(acceptInvitationBody) body: AcceptInvitationBody): Promise<void> {
    await this.invitations.accept(accountId, body.token);
  }
}
