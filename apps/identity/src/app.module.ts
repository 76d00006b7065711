import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@sargs/platform/observability';
import { SargsServiceModule } from '@sargs/platform/service';
import type { AppConfig } from './config/app-config';
import { IDENTITY_ENTITIES, IDENTITY_MIGRATIONS } from './config/database-schema';

@Module({})
export class IdentityAppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: IdentityAppModule,
      imports: [
        SargsServiceModule.forRoot({ name: 'identity', config, logger, entities: IDENTITY_ENTITIES, migrations: IDENTITY_MIGRATIONS }),
      ],
    };
  }
}
