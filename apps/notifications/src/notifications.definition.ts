import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ServiceDefinition } from '@sargs/platform/service';
import { AccountMailModule } from './account-mail/account-mail.module';
import { BroadcastsModule } from './broadcasts/broadcasts.module';
import { appConfigSchema } from './config/app-config';
import { NOTIFICATIONS_ENTITIES, NOTIFICATIONS_MIGRATIONS } from './config/database-schema';
import { DirectoryModule } from './directory/directory.module';
import { OrganizationMailModule } from './organization-mail/organization-mail.module';
import { OutgoingModule } from './outgoing/outgoing.module';

/** The notifications service: its process (main.ts) and its in-process tests boot this. */
export const notificationsService: ServiceDefinition<typeof appConfigSchema> = {
  name: 'notifications',
  configSchema: appConfigSchema,
  entities: NOTIFICATIONS_ENTITIES,
  migrations: NOTIFICATIONS_MIGRATIONS,
  features: [OutgoingModule, DirectoryModule, AccountMailModule, OrganizationMailModule, BroadcastsModule],
  // An incident may list 10,000 accounts; a campaign carries two texts of up to 50,000 characters.
  configure: (app) => (app as NestExpressApplication).useBodyParser('json', { limit: '1mb' }),
};
