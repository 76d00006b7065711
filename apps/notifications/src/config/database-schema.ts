import type { EntityClass } from '@sargs/platform/privacy';
import { Broadcast } from '../broadcasts/broadcast.entity';
import { RecipientConsent } from '../directory/recipient-consent.entity';
import { Recipient } from '../directory/recipient.entity';
import { CreateNotificationsTables1796100000000 } from '../migrations/1796100000000-create-notifications-tables';
import { IndexBroadcastList1796400003000 } from '../migrations/1796400003000-index-broadcast-list';
import { OrganizationManagers1797100003000 } from '../migrations/1797100003000-organization-managers';
import { OrganizationManager } from '../organization-mail/organization-manager.entity';
import { OutgoingMail } from '../outgoing/outgoing-mail.entity';

/**
 * The notifications database: its entities and migrations, besides the platform tables every service has.
 * Features add their entities and migrations here; the schema-drift test reads this list.
 */
export const NOTIFICATIONS_ENTITIES: EntityClass[] = [Recipient, RecipientConsent, OutgoingMail, Broadcast, OrganizationManager];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const NOTIFICATIONS_MIGRATIONS: Function[] = [CreateNotificationsTables1796100000000, IndexBroadcastList1796400003000, OrganizationManagers1797100003000];
