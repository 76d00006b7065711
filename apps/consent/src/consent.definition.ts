import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ServiceDefinition } from '@sargs/platform/service';
import { appConfigSchema } from './config/app-config';
import { CONSENT_ENTITIES, CONSENT_MIGRATIONS } from './config/database-schema';
import { ConsentsModule } from './consents/consents.module';
import { PoliciesModule } from './policies/policies.module';
import { UnsubscribeModule } from './unsubscribe/unsubscribe.module';

/** The consent service: its process (main.ts) and its in-process tests boot this. */
export const consentService: ServiceDefinition<typeof appConfigSchema> = {
  name: 'consent',
  configSchema: appConfigSchema,
  entities: CONSENT_ENTITIES,
  migrations: CONSENT_MIGRATIONS,
  features: [ConsentsModule, PoliciesModule, UnsubscribeModule],
  // A policy publication carries two texts of up to 200,000 characters each.
  configure: (app) => (app as NestExpressApplication).useBodyParser('json', { limit: '4mb' }),
};
