import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { createOrganizationBody, ORG_MANAGERS, ORG_ROLES, updateOrganizationBody, type CreateOrganizationBody, type UpdateOrganizationBody } from '@sargs/contracts';
import { Account, OrgMember, SignedIn, Tenant, ZodBody, type TenantCaller } from '@sargs/platform/service';
import { OrganizationsService } from './organizations.service';

/** docs/api.md "Organisations": creating one, mine, and an organisation's details. */
@Controller('orgs')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @SignedIn()
  @Post()
  create(@Account() accountId: string, @ZodBody(createOrganizationBody) body: CreateOrganizationBody) {
    return this.organizations.create(accountId, body);
  }

  @SignedIn()
  @Get()
  listMine(@Account() accountId: string) {
    return this.organizations.listMine(accountId);
  }

  @OrgMember(ORG_ROLES)
  @Get(':id')
  view(@Tenant() caller: TenantCaller) {
    return this.organizations.view(caller);
  }

  @OrgMember(ORG_MANAGERS)
  @Patch(':id')
  update(@Tenant() caller: TenantCaller, @ZodBody(updateOrganizationBody) body: UpdateOrganizationBody) {
    return this.organizations.update(caller, body);
  }

  /** The gateway forwards this only after identity has confirmed the owner's password, and without the body (RouteSpecial `confirm-password`). */
  @OrgMember(['owner'])
  @Delete(':id')
  @HttpCode(202)
  delete(@Tenant() caller: TenantCaller) {
    return this.organizations.delete(caller);
  }
}
