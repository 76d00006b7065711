import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { languageSchema } from '../language';
import { sealedSecretSchema } from '../sealed-secret';
import { TOPICS } from '../topics';

/**
 * Identity asks notifications to mail a confirmation link to the new address and a notice to the
 * current one (from notifications' directory); the token travels sealed.
 */
export const EmailChangeRequested = defineEvent({
  topic: TOPICS.identityAccount,
  type: 'EmailChangeRequested',
  schemaVersion: 1,
  payload: z
    .object({
      accountId: z.string().uuid(),
      newEmail: z.string().email().max(254),
      language: languageSchema,
      token: sealedSecretSchema,
      expiresAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
