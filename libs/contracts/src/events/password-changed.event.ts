import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** The password was changed by its owner or by a reset; notifications sends the "password changed" notice. */
export const PasswordChanged = defineEvent({
  topic: TOPICS.identityAccount,
  type: 'PasswordChanged',
  schemaVersion: 1,
  payload: z
    .object({
      accountId: z.string().uuid(),
      via: z.enum(['change', 'reset']),
      changedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
