import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/**
 * Login is blocked and sessions are revoked; retention adopts the caseId identity minted.
 * `staffId`: the staff member who closed the account (only with requestedBy 'staff'), kept on the
 * erasure case.
 */
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
      staffId: z.string().uuid().optional(),
    })
    .strict(),
});
