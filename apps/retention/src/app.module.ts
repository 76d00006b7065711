import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@sargs/platform/observability';
import { SargsServiceModule } from '@sargs/platform/service';
import type { AppConfig } from './config/app-config';
import { RETENTION_ENTITIES, RETENTION_MIGRATIONS } from './config/database-schema';

@Module({})
export class RetentionAppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: RetentionAppModule,
      imports: [
        SargsServiceModule.forRoot({ name: 'retention', config, logger, entities: RETENTION_ENTITIES, migrations: RETENTION_MIGRATIONS }),
      ],
    };
  }
}
