import { Controller, HttpCode, Post } from '@nestjs/common';
import { closureBody, type ClosureBody } from '@sargs/contracts';
import { Account, IdParam, SignedIn, Staff, ZodBody } from '@sargs/platform/service';
import { NO_SUCH_ACCOUNT } from '../staff-accounts/staff-accounts.service';
import { ClosureService } from './closure.service';

/** docs/api.md: closing my account, or a staff member closing one (R13). */
@Controller()
export class ClosureController {
  constructor(private readonly closure: ClosureService) {}

  @SignedIn()
  @Post('me/closure')
  @HttpCode(202)
  closeOwn(@Account() accountId: string, @ZodBody(closureBody) body: ClosureBody) {
    return this.closure.closeOwn(accountId, body.password);
  }

  @Staff()
  @Post('admin/accounts/:id/closure')
  @HttpCode(202)
  closeByStaff(@IdParam('id', NO_SUCH_ACCOUNT) id: string, @Account() staffId: string) {
    return this.closure.closeByStaff(id, staffId);
  }
}
