import { z } from 'zod';
import { languageSchema } from '../language';
import { sealedSecretSchema } from '../sealed-secret';

/** What every "mail this person a link with a token" event carries; the token travels sealed. */
export const mailedTokenPayload = z
  .object({
    accountId: z.string().uuid(),
    email: z.string().email().max(254),
    language: languageSchema,
    token: sealedSecretSchema,
    expiresAt: z.string().datetime({ offset: true }),
  })
  .strict();
