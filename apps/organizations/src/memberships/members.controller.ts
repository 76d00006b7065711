import { Controller, Delete, Get, HttpCode, Patch } from '@nestjs/common';
import { changeMemberRoleBody, ORG_MANAGERS, ORG_ROLES, type ChangeMemberRoleBody } from '@sargs/contracts';
import { IdParam, OrgMember, Tenant, ZodBody, type TenantCaller } from '@sargs/platform/service';
import { MembershipsService, NO_SUCH_MEMBER } from './memberships.service';

/** docs/api.md "Organisations": an organisation's members. */
@Controller('orgs/:id/members')
export class MembersController {
  constructor(private readonly memberships: MembershipsService) {}

  @OrgMember(ORG_ROLES)
  @Get()
  list(@Tenant() caller: TenantCaller) {
    return this.memberships.list(caller);
  }

  @OrgMember(ORG_MANAGERS)
  @Patch(':accountId')
  changeRole(@Tenant() caller: TenantCaller, @IdParam('accountId', NO_SUCH_MEMBER) accountId: string, @ZodBody(changeMemberRoleBody) body: ChangeMemberRoleBody) {
    return this.memberships.changeRole(caller, accountId, body.role);
  }

  /** Any member may leave; removing another is checked in the service (it depends on both roles). */
  @OrgMember(ORG_ROLES)
  @Delete(':accountId')
  @HttpCode(204)
  async remove(@Tenant() caller: TenantCaller, @IdParam('accountId', NO_SUCH_MEMBER) accountId: string): Promise<void> {
    await this.memberships.remove(caller, accountId);
  }
}
