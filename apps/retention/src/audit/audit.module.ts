import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditEventsConsumer } from './audit-events.consumer';
import { AuditTrailService } from './audit-trail.service';
import { AuditVerificationService } from './audit-verification.service';

/** The audit trail (R27): every service's staff actions and security events, hash-chained. */
@Module({
  controllers: [AuditController],
  providers: [AuditTrailService, AuditVerificationService, AuditEventsConsumer],
})
export class AuditModule {}
