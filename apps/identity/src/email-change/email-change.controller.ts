import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ACCEPTED } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { accountOf } from '@sargs/platform/service';
import { EmailChangeService } from './email-change.service';

/** docs/api.md "Profile and preferences": the e-mail half, which identity owns (docs/profile.md). */
@Controller('me/email-change')
export class EmailChangeController {
  constructor(private readonly emailChange: EmailChangeService) {}

  @Post()
  @HttpCode(202)
  async request(@Body() body: unknown, @Req() request: RequestWithAssertion) {
    await this.emailChange.request(accountOf(request), body);
    return ACCEPTED;
  }

  @Post('confirm')
  @HttpCode(204)
  async confirm(@Body() body: unknown, @Req() request: RequestWithAssertion): Promise<void> {
    await this.emailChange.confirm(accountOf(request), body);
  }
}
