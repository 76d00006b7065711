import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

export const CONSENT_PURPOSES = ['marketing-email'] as const;
export const consentPurposeSchema = z.enum(CONSENT_PURPOSES);
export type ConsentPurpose = z.infer<typeof consentPurposeSchema>;

export const CONSENT_METHODS = ['signup', 'account-page', 'unsubscribe-link', 'staff'] as const;
export const consentMethodSchema = z.enum(CONSENT_METHODS);

/**
 * A consent was granted or withdrawn (one ledger record, R9). `sequence` is the record's place in
 * the person's ledger, so a projection keeps the latest even if it sees records out of order.
 */
export const ConsentChanged = defineEvent({
  topic: TOPICS.consentConsent,
  type: 'ConsentChanged',
  schemaVersion: 1,
  payload: z
    .object({
      accountId: z.string().uuid(),
      purpose: consentPurposeSchema,
      granted: z.boolean(),
      method: consentMethodSchema,
      policyVersion: z.string().min(1).max(50),
      policySha256: z.string().regex(/^[0-9a-f]{64}$/u),
      sequence: z.number().int().positive(),
      at: z.string().datetime({ offset: true }),
    })
    .strict(),
});
