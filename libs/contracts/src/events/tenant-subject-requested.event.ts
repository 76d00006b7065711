import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/**
 * An organisation, as controller, answers a data subject (GDPR Art. 28(3)(e)): every service that
 * holds tenant data gathers (`access`) or deletes (`erasure`) what that organisation holds about
 * the address, and nothing outside it. Each answers TenantSubjectAnswered on its export topic.
 */
export const TenantSubjectRequested = defineEvent({
  topic: TOPICS.privacyExport,
  type: 'TenantSubjectRequested',
  schemaVersion: 1,
  subject: 'orgId',
  payload: z
    .object({
      requestId: z.string().uuid(),
      orgId: z.string().uuid(),
      type: z.enum(['access', 'erasure']),
      email: z.string().email().max(254),
      requestedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
