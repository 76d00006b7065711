import { Body, Controller, Get, Param, Put, Query, Req } from '@nestjs/common';
import type { AdminAccountView } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { problem, ProblemException, staffOf } from '@sargs/platform/service';
import { StaffAccountsService } from './staff-accounts.service';

/** An admin's account: changing who is staff is for admins, not for the DPO. */
function adminOf(request: RequestWithAssertion): string {
  const staff = staffOf(request);
  if (!request.assertion?.roles.includes('admin')) throw new ProblemException(problem(403, 'Only an admin may change roles'));
  return staff;
}

/** docs/api.md "Staff lookups, roles and the audit trail": account lookup and staff roles (R23). */
@Controller('admin/accounts')
export class StaffAccountsController {
  constructor(private readonly accounts: StaffAccountsService) {}

  @Get()
  find(@Query() query: unknown, @Req() request: RequestWithAssertion): Promise<AdminAccountView[]> {
    staffOf(request);
    return this.accounts.findByEmail(query);
  }

  @Get(':id')
  one(@Param('id') id: string, @Req() request: RequestWithAssertion): Promise<AdminAccountView> {
    staffOf(request);
    return this.accounts.view(id);
  }

  @Put(':id/roles')
  setRoles(@Param('id') id: string, @Body() body: unknown, @Req() request: RequestWithAssertion): Promise<AdminAccountView> {
    return this.accounts.setRoles(adminOf(request), id, body);
  }
}
