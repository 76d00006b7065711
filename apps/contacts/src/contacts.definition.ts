import type { ServiceDefinition } from '@sargs/platform/service';
import { appConfigSchema } from './config/app-config';
import { CONTACTS_ENTITIES, CONTACTS_MIGRATIONS } from './config/database-schema';
import { ContactsModule } from './contacts/contacts.module';

/** The contacts service: its process (main.ts) and its in-process tests boot this. */
export const contactsService: ServiceDefinition<typeof appConfigSchema> = {
  name: 'contacts',
  configSchema: appConfigSchema,
  entities: CONTACTS_ENTITIES,
  migrations: CONTACTS_MIGRATIONS,
  features: [ContactsModule],
};
