import { z } from 'zod';
import { uuidField } from './common.schemas';

/** Request and response bodies of the staff erasure rows of docs/api.md: legal holds and erasure records. */

// eslint-disable-next-line no-control-regex
const LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** POST /admin/legal-holds (R20). `until` must lie in the future when given. */
export const legalHoldBody = z
  .object({
    accountId: uuidField,
    reason: z
      .string()
      .transform((v) => v.trim().normalize('NFC'))
      .refine((v) => v.length >= 1, 'must not be empty')
      .refine((v) => v.length <= 500, 'must be at most 500 characters')
      .refine((v) => !LINE_CONTROL.test(v), 'must be one line without control characters'),
    until: z
      .string()
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
      .refine((v) => Date.parse(v) > Date.now(), 'must be in the future')
      .optional(),
  })
  .strict();
export type LegalHoldBody = z.infer<typeof legalHoldBody>;

export const legalHoldCreated = z.object({ id: uuidField }).strict();

export const legalHoldView = z
  .object({
    id: uuidField,
    accountId: uuidField,
    reason: z.string(),
    until: z.string().nullable(),
    createdAt: z.string(),
    createdBy: uuidField,
    releasedAt: z.string().nullable().describe('null while the hold is active'),
    releasedBy: uuidField.nullable().describe('the staff member who lifted it; null while active or when its end date passed'),
  })
  .strict();

export const ERASURE_CASE_STATUSES = ['pending', 'held', 'completed', 'failed'] as const;
/** Whose data a case erases: a person's (their account closed) or an organisation's (a tenant deleted by its owner). */
export const ERASURE_CASE_KINDS = ['person', 'tenant'] as const;
export type ErasureCaseKind = (typeof ERASURE_CASE_KINDS)[number];

/** The certified facts: ids, a keyed hash of the person and times. */
const certificateFacts = {
  caseId: uuidField,
  subjectRef: z.string().max(200),
  requestedAt: z.string().max(40),
  services: z.array(z.object({ service: z.string().max(50), erasedAt: z.string().max(40) }).strict()).max(50),
  completedAt: z.string().max(40),
  backupsExpireBy: z.string().max(40).nullable(),
};

/**
 * A completed case's certificate, signed by retention's certificate key (Ed25519 over the
 * canonical JSON of every field but `signature`). `kid` names the key: one of those published at
 * GET /erasure-certificate-keys; the certificate carries no key of its own.
 */
export const erasureCertificate = z
  .object({
    ...certificateFacts,
    signature: z
      .object({ alg: z.literal('Ed25519'), kid: z.string().max(100).describe('the signing key (RFC 7638 thumbprint), as published'), value: z.string().max(200) })
      .strict(),
  })
  .strict();
export type ErasureCertificate = z.infer<typeof erasureCertificate>;

/**
 * A certificate handed back for checking: as issued (`kid`), or as issued before key ids, with the
 * signer's public key (`publicKey`, base64 SPKI DER), which only names the key: it is checked
 * against the pinned key of that thumbprint, never against the key it carries.
 */
export const presentedErasureCertificate = z
  .object({
    ...certificateFacts,
    signature: z
      .object({
        alg: z.literal('Ed25519'),
        kid: z.string().max(100).optional().describe('the signing key, as issued'),
        publicKey: z.string().max(200).optional().describe('in certificates from before key ids only: names a pinned key by its thumbprint, never used to verify'),
        value: z.string().max(200),
      })
      .strict()
      .refine((s) => s.kid !== undefined || s.publicKey !== undefined, { message: 'must name its key (kid)', path: ['kid'] }),
  })
  .strict();

/** POST /admin/erasures/certificate-verification: a certificate as GET /admin/erasures/:caseId gave it. */
export const certificateVerificationBody = z.object({ certificate: presentedErasureCertificate }).strict();
export type CertificateVerificationBody = z.infer<typeof certificateVerificationBody>;

/**
 * The verdict: valid only when retention's own key signed exactly these fields. `unknown-key`: the
 * signature names another key (whoever holds it, not this service); `altered`: this service's key,
 * but the fields are not the ones it signed.
 */
export const certificateVerificationView = z
  .object({
    valid: z.boolean(),
    reason: z.enum(['unknown-key', 'altered']).nullable().describe('why it is not valid; null when it is'),
  })
  .strict();
export type CertificateVerificationView = z.infer<typeof certificateVerificationView>;

/** One key that signs (or signed) erasure certificates, as a JWK (RFC 7517, RFC 8037). */
export const certificateKeyView = z
  .object({
    kty: z.literal('OKP'),
    crv: z.literal('Ed25519'),
    x: z.string().describe('the raw 32-byte public key, base64url'),
    kid: z.string().describe('the key id certificates name: the RFC 7638 thumbprint of this key'),
    use: z.literal('sig'),
    alg: z.literal('EdDSA'),
  })
  .strict();
export type CertificateKeyView = z.infer<typeof certificateKeyView>;

/** GET /erasure-certificate-keys: a JWK Set, the current key first, then keys kept after a rotation. */
export const certificateKeySetView = z.object({ keys: z.array(certificateKeyView) }).strict();
export type CertificateKeySetView = z.infer<typeof certificateKeySetView>;

/** GET /admin/erasures/:caseId: the case, and once completed its signed certificate. */
export const erasureCaseView = z
  .object({
    caseId: uuidField,
    kind: z.enum(ERASURE_CASE_KINDS).describe("`person`: an account's closure; `tenant`: an organisation deleted by its owner (the subject is the organisation)"),
    status: z.enum(ERASURE_CASE_STATUSES),
    requestedAt: z.string(),
    requestedBy: z.enum(['self', 'staff']).describe('`self`: the person, or for a tenant case the organisation\'s owner; `staff`: a staff closure'),
    requestedByStaffId: uuidField.nullable().describe('the staff member who closed the account (staff closures); null otherwise'),
    services: z.array(z.object({ service: z.string(), erasedAt: z.string().nullable() }).strict()),
    completedAt: z.string().nullable(),
    backupsExpireBy: z.string().nullable().describe('expiry of the newest backup that may still hold the data; null when none does'),
    attempts: z.number().int(),
    overdue: z.boolean().describe('answers are missing past the deadline (alerted once the attempts are spent: status failed)'),
    missing: z.array(z.string()).describe('participants that have not answered yet'),
    certificate: erasureCertificate.nullable().describe('the signed erasure certificate (no personal data); null until completed'),
  })
  .strict();
export type ErasureCaseView = z.infer<typeof erasureCaseView>;
