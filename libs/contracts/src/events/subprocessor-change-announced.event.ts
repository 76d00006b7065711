import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/**
 * A sub-processor is added or removed from `effectiveAt` on (GDPR Art. 28(2)): notifications mails
 * every organisation's owners before it takes effect. Company data only, no personal data.
 */
export const SubprocessorChangeAnnounced = defineEvent({
  topic: TOPICS.organizationsOrganization,
  type: 'SubprocessorChangeAnnounced',
  schemaVersion: 1,
  subject: 'changeId',
  payload: z
    .object({
      changeId: z.string().uuid(),
      change: z.enum(['added', 'removed']),
      name: z.string().min(1).max(200),
      purpose: z.string().min(1).max(500),
      location: z.string().min(1).max(200),
      effectiveAt: z.string().datetime({ offset: true }),
      announcedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
