import { runService } from '@sargs/platform/service';
import { appConfigSchema } from './config/app-config';
import { IDENTITY_ENTITIES, IDENTITY_MIGRATIONS } from './config/database-schema';
import { IdentityModule } from './identity.module';

void runService({
  name: 'identity',
  configSchema: appConfigSchema,
  entities: IDENTITY_ENTITIES,
  migrations: IDENTITY_MIGRATIONS,
  features: (config) => [IdentityModule.register(config)],
});
