import { runService } from '@sargs/platform/service';
import { appConfigSchema } from './config/app-config';
import { RETENTION_ENTITIES, RETENTION_MIGRATIONS } from './config/database-schema';

void runService({ name: 'retention', configSchema: appConfigSchema, entities: RETENTION_ENTITIES, migrations: RETENTION_MIGRATIONS });
