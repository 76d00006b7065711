import type { EntityClass } from '@sargs/platform/privacy';
import { CreateContact1797000000000 } from '../migrations/1797000000000-create-contact';
import { TenantPolicyInTheIndexScan1797300000000 } from '../migrations/1797300000000-tenant-policy-in-the-index-scan';
import { Contact } from '../contacts/contact.entity';

/**
 * The contacts database: its entities and migrations, besides the platform tables every service has.
 * Features add their entities and migrations here; the schema-drift and tenant-table tests read this list.
 */
export const CONTACTS_ENTITIES: EntityClass[] = [Contact];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const CONTACTS_MIGRATIONS: Function[] = [CreateContact1797000000000, TenantPolicyInTheIndexScan1797300000000];
