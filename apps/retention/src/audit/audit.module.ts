import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditChainCommitHook } from './audit-chain-commit.hook';
import { AuditEntryRepository } from './audit-entry.repository';
import { AuditEventsConsumer } from './audit-events.consumer';
import { AuditTrailService } from './audit-trail.service';
import { AuditVerificationService } from './audit-verification.service';

/** The audit trail (R27): every service's staff actions and security events, hash-chained. */
@Module({
  controllers: [AuditController, AuditEventsConsumer],
  providers: [AuditEntryRepository, AuditTrailService, AuditChainCommitHook, AuditVerificationService],
  // An organisation's export carries the entries about it (exports/exports.service.ts).
  exports: [AuditEntryRepository],
})
export class AuditModule {}
