import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** Login is blocked and sessions are revoked; retention adopts the caseId identity minted. */
export const AccountClosureRequested = defineEvent({
  topic: TOPICS.identityAccount,
  type: 'AccountClosureRequested',
  schemaVersion: 1,
  payload: z
    .object({
      accountId: z.string().uuid(),
      caseId: z.string().uuid(),
      requestedBy: z.enum(['self', 'staff']),
      requestedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
