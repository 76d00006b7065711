import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@sargs/platform/observability';
import { SargsServiceModule } from '@sargs/platform/service';
import type { AppConfig } from './config/app-config';
import { CONSENT_ENTITIES, CONSENT_MIGRATIONS } from './config/database-schema';

@Module({})
export class ConsentAppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ConsentAppModule,
      imports: [
        SargsServiceModule.forRoot({ name: 'consent', config, logger, entities: CONSENT_ENTITIES, migrations: CONSENT_MIGRATIONS }),
      ],
    };
  }
}
