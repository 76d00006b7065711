import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AuditEntryView, AuditVerificationView } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { answerPage, staffOf } from '@sargs/platform/service';
import { auditPosition, AuditTrailService } from './audit-trail.service';
import { AuditVerificationService } from './audit-verification.service';

/** docs/api.md "Staff lookups, roles and the audit trail": the trail and its verification (R27). */
@Controller('admin/audit')
export class AuditController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly verification: AuditVerificationService,
  ) {}

  @Get()
  async list(@Query() query: unknown, @Req() request: RequestWithAssertion, @Res({ passthrough: true }) response: Response): Promise<AuditEntryView[]> {
    staffOf(request);
    const page = await this.trail.list(query);
    return answerPage(response, page.rows, { limit: page.limit, path: '/admin/audit', query: page.query, positionOf: auditPosition });
  }

  @Get('verification')
  verify(@Req() request: RequestWithAssertion): Promise<AuditVerificationView> {
    staffOf(request);
    return this.verification.verify();
  }
}
