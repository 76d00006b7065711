import { runService } from '@sargs/platform/service';
import { appConfigSchema } from './config/app-config';
import { NOTIFICATIONS_ENTITIES, NOTIFICATIONS_MIGRATIONS } from './config/database-schema';

void runService({ name: 'notifications', configSchema: appConfigSchema, entities: NOTIFICATIONS_ENTITIES, migrations: NOTIFICATIONS_MIGRATIONS });
