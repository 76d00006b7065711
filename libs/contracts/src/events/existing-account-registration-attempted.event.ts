import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/**
 * Someone tried to register with an address that already has an account. Notifications tells the
 * owner (R16), from its own directory: the event needs no address and carries no token.
 */
export const ExistingAccountRegistrationAttempted = defineEvent({
  topic: TOPICS.identityAccount,
  type: 'ExistingAccountRegistrationAttempted',
  schemaVersion: 1,
  payload: z.object({ accountId: z.string().uuid(), attemptedAt: z.string().datetime({ offset: true }) }).strict(),
});
