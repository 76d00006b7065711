import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/**
 * Retention asks every service that holds tenant data to delete one organisation's data; each
 * answers ErasureCompleted with the organisation as subject. Ids only (the erasure ledger).
 */
export const TenantErasureRequested = defineEvent({
  topic: TOPICS.privacyErasure,
  type: 'TenantErasureRequested',
  schemaVersion: 1,
  subject: 'orgId',
  payload: z
    .object({
      caseId: z.string().uuid(),
      orgId: z.string().uuid(),
      requestedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
