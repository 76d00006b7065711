import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@sargs/platform/observability';
import { SargsServiceModule } from '@sargs/platform/service';
import type { AppConfig } from './config/app-config';
import { PROFILE_ENTITIES, PROFILE_MIGRATIONS } from './config/database-schema';

@Module({})
export class ProfileAppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ProfileAppModule,
      imports: [
        SargsServiceModule.forRoot({ name: 'profile', config, logger, entities: PROFILE_ENTITIES, migrations: PROFILE_MIGRATIONS }),
      ],
    };
  }
}
