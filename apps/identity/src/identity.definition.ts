import type { ServiceDefinition } from '@sargs/platform/service';
import { appConfigSchema } from './config/app-config';
import { IDENTITY_ENTITIES, IDENTITY_MIGRATIONS } from './config/database-schema';
import { IdentityModule } from './identity.module';

/** The identity service: its process (main.ts) and its in-process tests boot this. */
export const identityService: ServiceDefinition<typeof appConfigSchema> = {
  name: 'identity',
  configSchema: appConfigSchema,
  entities: IDENTITY_ENTITIES,
  migrations: IDENTITY_MIGRATIONS,
  features: [IdentityModule],
};
