import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { staffOrganizationQuery, verifyOrganizationBody, type StaffOrganizationQuery, type VerifyOrganizationBody } from '@sargs/contracts';
import { Account, IdParam, NO_SUCH_ORGANISATION, Staff, ZodBody, ZodQuery } from '@sargs/platform/service';
import { OrganizationsService } from './organizations.service';

/** docs/api.md "Organisations": staff find an organisation by its number and record its verification (R3). */
@Controller('admin/orgs')
@Staff()
export class StaffOrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  find(@ZodQuery(staffOrganizationQuery) query: StaffOrganizationQuery) {
    return this.organizations.findByRegistrationNumber(query.registrationNumber);
  }

  @Post(':id/verification')
  @HttpCode(200)
  verify(@IdParam('id', NO_SUCH_ORGANISATION) orgId: string, @Account() staffId: string, @ZodBody(verifyOrganizationBody) body: VerifyOrganizationBody) {
    return this.organizations.verify(orgId, staffId, body);
  }
}
