import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** The account's owner proved the address by following the verification link. */
export const AccountEmailVerified = defineEvent({
  topic: TOPICS.identityAccount,
  type: 'AccountEmailVerified',
  schemaVersion: 1,
  payload: z.object({ accountId: z.string().uuid(), verifiedAt: z.string().datetime({ offset: true }) }).strict(),
});
