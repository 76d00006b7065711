import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/**
 * Repeated wrong passwords locked an active account's login for a while: notifications warns the
 * owner (a security mail). Once per failure window; nothing for unknown addresses.
 */
export const SuspiciousLoginDetected = defineEvent({
  topic: TOPICS.identityAccount,
  type: 'SuspiciousLoginDetected',
  schemaVersion: 1,
  payload: z
    .object({
      accountId: z.string().uuid(),
      failedAttempts: z.number().int().positive(),
      detectedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
