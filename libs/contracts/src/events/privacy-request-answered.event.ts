import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/**
 * Staff answered or rejected a privacy request (R12, R23). Ids and the outcome only: the person's
 * message and the staff's answer stay in retention's database, read on the account page.
 */
export const PrivacyRequestAnswered = defineEvent({
  topic: TOPICS.privacyRequest,
  type: 'PrivacyRequestAnswered',
  schemaVersion: 1,
  payload: z
    .object({
      requestId: z.string().uuid(),
      accountId: z.string().uuid(),
      status: z.enum(['answered', 'rejected']),
      answeredAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
