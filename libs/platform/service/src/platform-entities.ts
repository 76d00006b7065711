import { InboxRecord, OutboxMessage } from '@sargs/platform/messaging';
import { ErasedSubject } from '@sargs/platform/privacy';

/** Tables every service database has, created by the PlatformTables migration. */
export const PLATFORM_ENTITIES = [OutboxMessage, InboxRecord, ErasedSubject];
