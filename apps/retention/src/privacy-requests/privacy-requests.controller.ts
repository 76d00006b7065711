import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { uuidField, type PrivacyRequestCreatedView, type PrivacyRequestView, type StaffPrivacyRequestView } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { accountOf, problem, ProblemException, staffOf } from '@sargs/platform/service';
import { PrivacyRequestsService } from './privacy-requests.service';

/** API.md "Privacy requests" (R12, R22) and their staff console (R23). */
@Controller()
export class PrivacyRequestsController {
  constructor(private readonly requests: PrivacyRequestsService) {}

  @Post('privacy-requests')
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: RequestWithAssertion): Promise<PrivacyRequestCreatedView> {
    return this.requests.create(accountOf(request), body);
  }

  @Get('me/privacy-requests')
  mine(@Req() request: RequestWithAssertion): Promise<PrivacyRequestView[]> {
    return this.requests.mine(accountOf(request));
  }

  @Get('admin/privacy-requests')
  list(@Query() query: unknown, @Req() request: RequestWithAssertion): Promise<StaffPrivacyRequestView[]> {
    staffOf(request);
    return this.requests.list(query);
  }

  @Patch('admin/privacy-requests/:id')
  answer(@Param('id') id: string, @Body() body: unknown, @Req() request: RequestWithAssertion): Promise<StaffPrivacyRequestView> {
    const staffId = staffOf(request);
    if (!uuidField.safeParse(id).success) throw new ProblemException(problem(404, 'No such privacy request'));
    return this.requests.answer(id.toLowerCase(), body, staffId);
  }
}
