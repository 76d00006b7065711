import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** The new address was confirmed and is now the account's; profile and notifications update their copies. */
export const AccountEmailChanged = defineEvent({
  topic: TOPICS.identityAccount,
  type: 'AccountEmailChanged',
  schemaVersion: 1,
  subject: 'accountId',
  payload: z
    .object({ accountId: z.string().uuid(), email: z.string().email().max(254), changedAt: z.string().datetime({ offset: true }) })
    .strict(),
});
