import { Controller, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  answerPrivacyRequestBody,
  createPrivacyRequestBody,
  privacyRequestListQuery,
  type AnswerPrivacyRequestBody,
  type CreatePrivacyRequestBody,
  type PrivacyRequestCreatedView,
  type PrivacyRequestView,
  type StaffPrivacyRequestView,
} from '@sargs/contracts';
import { Account, answerPage, IdParam, SignedIn, Staff, ZodBody, ZodQuery } from '@sargs/platform/service';
import type { z } from 'zod';
import { privacyRequestPosition, PrivacyRequestsService } from './privacy-requests.service';

const NOT_FOUND = 'No such privacy request';

/** docs/api.md "Privacy requests" (R12, R22) and their staff console (R23). */
@Controller()
export class PrivacyRequestsController {
  constructor(private readonly requests: PrivacyRequestsService) {}

  @SignedIn()
  @Post('privacy-requests')
  @HttpCode(201)
  create(@Account() accountId: string, @ZodBody(createPrivacyRequestBody) body: CreatePrivacyRequestBody): Promise<PrivacyRequestCreatedView> {
    return this.requests.create(accountId, body);
  }

  @SignedIn()
  @Get('me/privacy-requests')
  mine(@Account() accountId: string): Promise<PrivacyRequestView[]> {
    return this.requests.mine(accountId);
  }

  /** Newest first or by due date, optionally of one status; a longer list links its next page in `Link`. */
  @Staff()
  @Get('admin/privacy-requests')
  async list(
    @ZodQuery(privacyRequestListQuery, 'The query is not valid') query: z.output<typeof privacyRequestListQuery>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StaffPrivacyRequestView[]> {
    const page = await this.requests.list(query);
    return answerPage(response, page.rows, {
      limit: page.limit,
      path: '/admin/privacy-requests',
      query: page.query,
      positionOf: (row) => privacyRequestPosition(row, page.order),
    });
  }

  @Staff()
  @Get('admin/privacy-requests/:id')
  one(@IdParam('id', NOT_FOUND) id: string): Promise<StaffPrivacyRequestView> {
    return this.requests.one(id);
  }

  @Staff()
  @Patch('admin/privacy-requests/:id')
  answer(@IdParam('id', NOT_FOUND) id: string, @ZodBody(answerPrivacyRequestBody) body: AnswerPrivacyRequestBody, @Account() staffId: string): Promise<StaffPrivacyRequestView> {
    return this.requests.answer(id, body, staffId);
  }
}
