import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { RETENTION_CONFIG } from '../config/retention-config.token';
import { AuditController } from './audit.controller';
import { AuditEventsConsumer } from './audit-events.consumer';
import { AuditTrailService } from './audit-trail.service';
import { AuditVerificationService } from './audit-verification.service';

/** The audit trail (R27): every service's staff actions and security events, hash-chained. */
@Module({})
export class AuditModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AuditModule,
      controllers: [AuditController],
      providers: [{ provide: RETENTION_CONFIG, useValue: config }, AuditTrailService, AuditVerificationService, AuditEventsConsumer],
    };
  }
}
