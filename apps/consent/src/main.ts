import type { NestExpressApplication } from '@nestjs/platform-express';
import { runService } from '@sargs/platform/service';
import { appConfigSchema } from './config/app-config';
import { CONSENT_ENTITIES, CONSENT_MIGRATIONS } from './config/database-schema';
import { ConsentModule } from './consent.module';

void runService({
  name: 'consent',
  configSchema: appConfigSchema,
  entities: CONSENT_ENTITIES,
  migrations: CONSENT_MIGRATIONS,
  features: (config) => [ConsentModule.register(config)],
  // A policy publication carries two texts of up to 200,000 characters each.
  configure: (app) => (app as NestExpressApplication).useBodyParser('json', { limit: '4mb' }),
});
