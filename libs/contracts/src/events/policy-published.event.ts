import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { languageSchema } from '../language';
import { TOPICS } from '../topics';

/** Subject id of policy events: they are about the document, not a person. */
export const PRIVACY_POLICY_SUBJECT = 'policy:privacy';

/** A privacy policy version was published and is in force at once (R25). */
export const PolicyPublished = defineEvent({
  topic: TOPICS.consentPolicy,
  type: 'PolicyPublished',
  schemaVersion: 1,
  payload: z
    .object({
      version: z.string().min(1).max(50),
      publishedAt: z.string().datetime({ offset: true }),
      languages: z.array(languageSchema).min(1),
      sha256: z.record(languageSchema, z.string().regex(/^[0-9a-f]{64}$/u)),
    })
    .strict(),
});
