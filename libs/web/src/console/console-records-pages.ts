import type { Type } from '@nestjs/common';
import { AuditTrailController } from './audit-trail.controller';
import { BackupsController } from './backups.controller';
import { ErasuresController } from './erasures.controller';
import { LegalHoldsController } from './legal-holds.controller';
import { PolicyPublishingController } from './policy-publishing.controller';

/** Staff console: legal holds, erasure cases and certificates, backups, policy publishing, audit trail. */
export const CONSOLE_RECORDS_CONTROLLERS: Type[] = [LegalHoldsController, ErasuresController, BackupsController, PolicyPublishingController, AuditTrailController];
