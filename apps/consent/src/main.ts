import { runService } from '@sargs/platform/service';
import { appConfigSchema } from './config/app-config';
import { CONSENT_ENTITIES, CONSENT_MIGRATIONS } from './config/database-schema';

void runService({ name: 'consent', configSchema: appConfigSchema, entities: CONSENT_ENTITIES, migrations: CONSENT_MIGRATIONS });
