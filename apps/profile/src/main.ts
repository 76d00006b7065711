import { runService } from '@sargs/platform/service';
import { appConfigSchema } from './config/app-config';
import { PROFILE_ENTITIES, PROFILE_MIGRATIONS } from './config/database-schema';
import { ProfilesModule } from './profiles/profiles.module';

void runService({
  name: 'profile',
  configSchema: appConfigSchema,
  entities: PROFILE_ENTITIES,
  migrations: PROFILE_MIGRATIONS,
  features: () => [ProfilesModule],
});
