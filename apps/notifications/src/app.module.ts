import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@sargs/platform/observability';
import { SargsServiceModule } from '@sargs/platform/service';
import type { AppConfig } from './config/app-config';
import { NOTIFICATIONS_ENTITIES, NOTIFICATIONS_MIGRATIONS } from './config/database-schema';

@Module({})
export class NotificationsAppModule {
  static register(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: NotificationsAppModule,
      imports: [
        SargsServiceModule.forRoot({ name: 'notifications', config, logger, entities: NOTIFICATIONS_ENTITIES, migrations: NOTIFICATIONS_MIGRATIONS }),
      ],
    };
  }
}
