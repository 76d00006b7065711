import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { accountOf, staffOf } from '@sargs/platform/service';
import { ClosureService } from './closure.service';

@Controller()
export class ClosureController {
  constructor(private readonly closure: ClosureService) {}

  @Post('me/closure')
  @HttpCode(202)
  closeOwn(@Body() body: unknown, @Req() request: RequestWithAssertion) {
    return this.closure.closeOwn(accountOf(request), body);
  }

  @Post('admin/accounts/:id/closure')
  @HttpCode(202)
  closeByStaff(@Param('id') id: string, @Req() request: RequestWithAssertion) {
    return this.closure.closeByStaff(id, staffOf(request));
  }
}
