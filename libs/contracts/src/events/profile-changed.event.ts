import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { languageSchema } from '../language';
import { TOPICS } from '../topics';

/** A person's name or language changed; identity and notifications keep copies (their projections). */
export const ProfileChanged = defineEvent({
  topic: TOPICS.profileProfile,
  type: 'ProfileChanged',
  schemaVersion: 1,
  subject: 'accountId',
  payload: z
    .object({
      accountId: z.string().uuid(),
      name: z.string().min(1).max(200),
      language: languageSchema,
      changedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
