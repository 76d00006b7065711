import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** Retention asks every participant to erase one subject. Ids only: this topic is the erasure ledger. */
export const ErasureRequested = defineEvent({
  topic: TOPICS.privacyErasure,
  type: 'ErasureRequested',
  schemaVersion: 1,
  payload: z
    .object({
      caseId: z.string().uuid(),
      subjectId: z.string().uuid(),
      requestedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
