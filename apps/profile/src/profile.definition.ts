import type { ServiceDefinition } from '@sargs/platform/service';
import { appConfigSchema } from './config/app-config';
import { PROFILE_ENTITIES, PROFILE_MIGRATIONS } from './config/database-schema';
import { ProfilesModule } from './profiles/profiles.module';

/** The profile service: its process (main.ts) and its in-process tests boot this. */
export const profileService: ServiceDefinition<typeof appConfigSchema> = {
  name: 'profile',
  configSchema: appConfigSchema,
  entities: PROFILE_ENTITIES,
  migrations: PROFILE_MIGRATIONS,
  features: [ProfilesModule],
};
