import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/**
 * The ledger's record of a closure (identity.ledger.v1, kept 35 days, ids only), published with
 * AccountClosureRequested. identity consumes it itself: after a restore from a backup taken before
 * the closure, the replay closes the account again as it was, with the same case.
 */
export const AccountClosureRecorded = defineEvent({
  topic: TOPICS.identityLedger,
  type: 'AccountClosureRecorded',
  schemaVersion: 1,
  subject: 'accountId',
  payload: z
    .object({
      accountId: z.string().uuid(),
      caseId: z.string().uuid(),
      requestedBy: z.enum(['self', 'staff']),
      staffId: z.string().uuid().optional(),
      closedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
