import { z } from 'zod';
import { CONSENT_METHODS, CONSENT_PURPOSES } from '../events/consent-changed.event';

/** Request and response bodies of docs/api.md "Policy and consent" (the consent ledger, R9, R18). */

/** PUT /me/consents/:purpose */
export const setConsentBody = z.object({ granted: z.boolean() }).strict();

/** The current state of one purpose; a purpose never chosen is `granted: false` with nulls. */
export const consentPurposeView = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES),
    granted: z.boolean(),
    policyVersion: z.string().nullable().describe('the policy version of the latest record; null when never chosen'),
    updatedAt: z.string().datetime().nullable().describe('time of the latest record; null when never chosen'),
  })
  .strict();

/** One ledger record: who (me), which purpose, granted or withdrawn, how, when, which policy text. */
export const consentRecordView = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES),
    granted: z.boolean(),
    method: z.enum(CONSENT_METHODS),
    policyVersion: z.string(),
    policySha256: z.string().regex(/^[0-9a-f]{64}$/u),
    at: z.string().datetime(),
  })
  .strict();

/** GET /me/consents: `history` is the ledger newest first. */
export const myConsentsView = z
  .object({
    purposes: z.array(consentPurposeView),
    history: z.array(consentRecordView).describe('every record of my consent ledger, newest first'),
  })
  .strict();

/** POST /unsubscribe: the RFC 8058 one-click body, exactly `List-Unsubscribe=One-Click`. */
export const oneClickUnsubscribeBody = z.object({ 'List-Unsubscribe': z.literal('One-Click') }).strict();

export const unsubscribedView = z
  .object({ purpose: z.enum(CONSENT_PURPOSES), granted: z.literal(false), changed: z.boolean().describe('false when it was already withdrawn') })
  .strict();
