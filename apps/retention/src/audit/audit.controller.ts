import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { auditListQuery, type AuditEntryView, type AuditListQuery, type AuditVerificationView } from '@sargs/contracts';
import { answerPage, Staff, ZodQuery } from '@sargs/platform/service';
import { auditPosition, AuditTrailService } from './audit-trail.service';
import { AuditVerificationService } from './audit-verification.service';

/** docs/api.md "Staff lookups, roles and the audit trail": the trail and its verification (R27). */
@Staff()
@Controller('admin/audit')
export class AuditController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly verification: AuditVerificationService,
  ) {}

  @Get()
  async list(@ZodQuery(auditListQuery, 'The audit filters are not valid') query: AuditListQuery, @Res({ passthrough: true }) response: Response): Promise<AuditEntryView[]> {
    const page = await this.trail.list(query);
    return answerPage(response, page.rows, { limit: page.limit, path: '/admin/audit', query: page.query, positionOf: auditPosition });
  }

  @Get('verification')
  verify(): Promise<AuditVerificationView> {
    return this.verification.verify();
  }
}
