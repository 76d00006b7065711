import { Controller, Get, Put } from '@nestjs/common';
import { adminAccountsQuery, setRolesBody, type AdminAccountsQuery, type AdminAccountView, type SetRolesBody } from '@sargs/contracts';
import { Account, IdParam, Staff, ZodBody, ZodQuery } from '@sargs/platform/service';
import { NO_SUCH_ACCOUNT, StaffAccountsService } from './staff-accounts.service';

/** docs/api.md "Staff lookups, roles and the audit trail": account lookup and staff roles (R23). */
@Staff()
@Controller('admin/accounts')
export class StaffAccountsController {
  constructor(private readonly accounts: StaffAccountsService) {}

  @Get()
  find(@ZodQuery(adminAccountsQuery) query: AdminAccountsQuery): Promise<AdminAccountView[]> {
    return this.accounts.findByEmail(query.email);
  }

  @Get(':id')
  one(@IdParam('id', NO_SUCH_ACCOUNT) id: string): Promise<AdminAccountView> {
    return this.accounts.view(id);
  }

  /** Changing who is staff is for admins, not for the DPO. */
  @Staff({ roles: ['admin'], detail: 'Only an admin may change roles' })
  @Put(':id/roles')
  setRoles(@IdParam('id', NO_SUCH_ACCOUNT) id: string, @ZodBody(setRolesBody) body: SetRolesBody, @Account() adminId: string): Promise<AdminAccountView> {
    return this.accounts.setRoles(adminId, id, body.roles);
  }
}
