import type { ServiceDefinition } from '@sargs/platform/service';
import { appConfigSchema } from './config/app-config';
import { ORGANIZATIONS_ENTITIES, ORGANIZATIONS_MIGRATIONS } from './config/database-schema';
import { DpaModule } from './dpa/dpa.module';
import { InvitationsModule } from './invitations/invitations.module';
import { MembershipsModule } from './memberships/memberships.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { SubprocessorsModule } from './subprocessors/subprocessors.module';

/** The organizations service: its process (main.ts) and its in-process tests boot this. */
export const organizationsService: ServiceDefinition<typeof appConfigSchema> = {
  name: 'organizations',
  configSchema: appConfigSchema,
  entities: ORGANIZATIONS_ENTITIES,
  migrations: ORGANIZATIONS_MIGRATIONS,
  features: [OrganizationsModule, MembershipsModule, InvitationsModule, DpaModule, SubprocessorsModule],
};
