import type { ServiceDefinition } from '@sargs/platform/service';
import { AuditModule } from './audit/audit.module';
import { BackupsModule } from './backups/backups.module';
import { appConfigSchema } from './config/app-config';
import { RETENTION_ENTITIES, RETENTION_MIGRATIONS } from './config/database-schema';
import { DataSubjectRequestsModule } from './data-subject-requests/data-subject-requests.module';
import { ErasureModule } from './erasure/erasure.module';
import { ExportsModule } from './exports/exports.module';
import { PrivacyRequestsModule } from './privacy-requests/privacy-requests.module';

/** The retention service: its process (main.ts) and its in-process tests boot this. */
export const retentionService: ServiceDefinition<typeof appConfigSchema> = {
  name: 'retention',
  configSchema: appConfigSchema,
  entities: RETENTION_ENTITIES,
  migrations: RETENTION_MIGRATIONS,
  features: [ErasureModule, ExportsModule, PrivacyRequestsModule, DataSubjectRequestsModule, BackupsModule, AuditModule],
};
