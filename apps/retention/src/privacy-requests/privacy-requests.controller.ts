import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { uuidField, type PrivacyRequestCreatedView, type PrivacyRequestView, type StaffPrivacyRequestView } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { accountOf, answerPage, problem, ProblemException, staffOf } from '@sargs/platform/service';
import { privacyRequestPosition, PrivacyRequestsService } from './privacy-requests.service';

const uuidOr404 = (id: string): string => {
  if (!uuidField.safeParse(id).success) throw new ProblemException(problem(404, 'No such privacy request'));
  return id.toLowerCase();
};

/** docs/api.md "Privacy requests" (R12, R22) and their staff console (R23). */
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

  /** Newest first or by due date, optionally of one status; a longer list links its next page in `Link`. */
  @Get('admin/privacy-requests')
  async list(@Query() query: unknown, @Req() request: RequestWithAssertion, @Res({ passthrough: true }) response: Response): Promise<StaffPrivacyRequestView[]> {
    staffOf(request);
    const page = await this.requests.list(query);
    return answerPage(response, page.rows, {
      limit: page.limit,
      path: '/admin/privacy-requests',
      query: page.query,
      positionOf: (row) => privacyRequestPosition(row, page.order),
    });
  }

  @Get('admin/privacy-requests/:id')
  one(@Param('id') id: string, @Req() request: RequestWithAssertion): Promise<StaffPrivacyRequestView> {
    staffOf(request);
    return this.requests.one(uuidOr404(id));
  }

  @Patch('admin/privacy-requests/:id')
  answer(@Param('id') id: string, @Body() body: unknown, @Req() request: RequestWithAssertion): Promise<StaffPrivacyRequestView> {
    const staffId = staffOf(request);
    return this.requests.answer(uuidOr404(id), body, staffId);
  }
}
