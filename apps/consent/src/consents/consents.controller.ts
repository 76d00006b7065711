import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { accountOf } from '@sargs/platform/service';
import { ConsentsService } from './consents.service';

/** docs/api.md "Policy and consent": my consents. Only ever the signed-in person's own ledger. */
@Controller('me/consents')
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Get()
  mine(@Req() request: RequestWithAssertion) {
    return this.consents.view(accountOf(request));
  }

  @Put(':purpose')
  set(@Param('purpose') purpose: string, @Body() body: unknown, @Req() request: RequestWithAssertion) {
    return this.consents.set(accountOf(request), purpose, body);
  }
}
