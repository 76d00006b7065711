import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export const SECOND_FACTOR_METHODS = ['totp', 'passkey', 'recovery-code'] as const;
export const SECOND_FACTOR_CHANGES = ['added', 'removed', 'used'] as const;

/**
 * An account's second factors changed: an authenticator app or a passkey was added or removed,
 * or a recovery code was used to log in (`remainingRecoveryCodes` then says how many are left).
 * Notifications sends the owner a security mail; ids, kinds and counts only, never a secret or a name.
 */
export const SecondFactorChanged = defineEvent({
  topic: TOPICS.identityAccount,
  type: 'SecondFactorChanged',
  schemaVersion: 1,
  payload: z
    .object({
      accountId: z.string().uuid(),
      method: z.enum(SECOND_FACTOR_METHODS),
      change: z.enum(SECOND_FACTOR_CHANGES),
      remainingRecoveryCodes: z.number().int().min(0).max(10).optional(),
      changedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
