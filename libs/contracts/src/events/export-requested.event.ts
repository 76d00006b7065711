import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** Retention asks every participant for its section of a person's data export (GDPR Art. 15/20). */
export const ExportRequested = defineEvent({
  topic: TOPICS.privacyExport,
  type: 'ExportRequested',
  schemaVersion: 1,
  payload: z
    .object({
      exportId: z.string().uuid(),
      subjectId: z.string().uuid(),
      requestedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
