import { Controller, Get, Post } from '@nestjs/common';
import { acceptDpaBody, publishDpaBody, type AcceptDpaBody, type PublishDpaBody } from '@sargs/contracts';
import { Account, OrgMember, Staff, Tenant, ZodBody, type TenantCaller } from '@sargs/platform/service';
import { DpaService } from './dpa.service';

/** docs/api.md "Organisations": the data processing agreement, its publication and its acceptance. */
@Controller()
export class DpaController {
  constructor(private readonly dpa: DpaService) {}

  @Get('dpa')
  current() {
    return this.dpa.current();
  }

  @Staff()
  @Post('admin/dpa')
  publish(@Account() staffId: string, @ZodBody(publishDpaBody) body: PublishDpaBody) {
    return this.dpa.publishByStaff(staffId, body);
  }

  @OrgMember(['owner'])
  @Post('orgs/:id/dpa-acceptance')
  accept(@Tenant() caller: TenantCaller, @ZodBody(acceptDpaBody) body: AcceptDpaBody) {
    return this.dpa.accept(caller, body.version);
  }
}
