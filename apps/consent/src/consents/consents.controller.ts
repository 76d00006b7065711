import { Controller, Get, Param, Put } from '@nestjs/common';
import { setConsentBody } from '@sargs/contracts';
import { Account, SignedIn, ZodBody } from '@sargs/platform/service';
import { ConsentsService, type ConsentChange } from './consents.service';

/** docs/api.md "Policy and consent": my consents. Only ever the signed-in person's own ledger. */
@Controller('me/consents')
@SignedIn()
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Get()
  mine(@Account() accountId: string) {
    return this.consents.view(accountId);
  }

  @Put(':purpose')
  set(@Param('purpose') purpose: string, @ZodBody(setConsentBody) body: ConsentChange, @Account() accountId: string) {
    return this.consents.set(accountId, purpose, body);
  }
}
