import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** A participant's export section: its tables' rows about the subject. Carries personal data. */
export const ExportSectionReady = defineEvent({
  topic: TOPICS.privacyExport,
  type: 'ExportSectionReady',
  schemaVersion: 1,
  payload: z
    .object({
      exportId: z.string().uuid(),
      subjectId: z.string().uuid(),
      service: z.string().min(1).max(50),
      generatedAt: z.string().datetime({ offset: true }),
      tables: z.record(z.string().max(100), z.array(z.record(z.string(), z.unknown()))),
    })
    .strict(),
});
