import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { languageSchema } from '../language';
import { sealedSecretSchema } from '../sealed-secret';
import { TOPICS } from '../topics';

/** Identity asks notifications to mail a password-reset link; the token travels sealed. */
export const PasswordResetRequested = defineEvent({
  topic: TOPICS.identityAccount,
  type: 'PasswordResetRequested',
  schemaVersion: 1,
  payload: z
    .object({
      accountId: z.string().uuid(),
      email: z.string().email().max(254),
      language: languageSchema,
      token: sealedSecretSchema,
      expiresAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
