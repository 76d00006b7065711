import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** A participant's answer: which service erased the subject, when, and how many rows per table. */
export const ErasureCompleted = defineEvent({
  topic: TOPICS.privacyErasure,
  type: 'ErasureCompleted',
  schemaVersion: 1,
  payload: z
    .object({
      caseId: z.string().uuid(),
      subjectId: z.string().uuid(),
      service: z.string().min(1).max(50),
      erasedAt: z.string().datetime({ offset: true }),
      counts: z.record(z.string().max(100), z.number().int().nonnegative()),
    })
    .strict(),
});
