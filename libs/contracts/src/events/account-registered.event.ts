import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { languageSchema } from '../language';
import { TOPICS } from '../topics';

/** A new account exists. Carries the name, address and language that profile and notifications need. */
export const AccountRegistered = defineEvent({
  topic: TOPICS.identityAccount,
  type: 'AccountRegistered',
  schemaVersion: 1,
  subject: 'accountId',
  payload: z
    .object({
      accountId: z.string().uuid(),
      email: z.string().email().max(254),
      name: z.string().min(1).max(200),
      language: languageSchema,
      acceptedPolicyVersion: z.string().min(1).max(50),
      marketingEmails: z.boolean(),
      registeredAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
