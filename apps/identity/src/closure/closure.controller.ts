import { Body, Controller, ForbiddenException, HttpCode, Param, Post, Req, UnauthorizedException } from '@nestjs/common';
import { STAFF_ROLES } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { ClosureService } from './closure.service';

@Controller()
export class ClosureController {
  constructor(private readonly closure: ClosureService) {}

  @Post('me/closure')
  @HttpCode(202)
  closeOwn(@Body() body: unknown, @Req() request: RequestWithAssertion) {
    if (!request.assertion?.sub) throw new UnauthorizedException('A session is required');
    return this.closure.closeOwn(request.assertion.sub, body);
  }

  /** The gateway checks the role too; a service never trusts one gate alone. */
  @Post('admin/accounts/:id/closure')
  @HttpCode(202)
  closeByStaff(@Param('id') id: string, @Req() request: RequestWithAssertion) {
    if (!request.assertion?.sub) throw new UnauthorizedException('A session is required');
    if (!request.assertion.roles.some((r) => STAFF_ROLES.includes(r))) throw new ForbiddenException('Staff only');
    return this.closure.closeByStaff(id);
  }
}
