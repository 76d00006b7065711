import { z } from 'zod';
import { AUDIT_ACTIONS } from '../events/audit-event-recorded.event';
import { emailField, uuidField } from './common.schemas';
import { ERASURE_CASE_KINDS, ERASURE_CASE_STATUSES } from './erasures.schemas';
import { pageQueryFields } from './list-paging.schemas';
import { ROLE_NAMES, STAFF_ROLES } from './roles';

/** docs/api.md "Staff lookups, roles and the audit trail" (R23, R27). */

const isoTime = z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

export const ADMIN_ACCOUNT_STATUSES = ['active', 'closing', 'closed'] as const;
export type AdminAccountStatus = (typeof ADMIN_ACCOUNT_STATUSES)[number];

/**
 * One account as staff see it. `closing`: closure requested, erasure under way (address and name
 * still held until it completes, but hidden here like a closed account's); `closed`: erased, only
 * the id is left.
 */
export const adminAccountView = z
  .object({
    id: uuidField,
    email: z.string().nullable().describe('null once closure is requested'),
    name: z.string().nullable().describe('null once closure is requested'),
    status: z.enum(ADMIN_ACCOUNT_STATUSES),
    roles: z.array(z.enum(ROLE_NAMES)),
    emailVerified: z.boolean(),
    mfa: z
      .object({ enabled: z.boolean(), methods: z.array(z.enum(['totp', 'passkey'])) })
      .strict()
      .describe('second-factor state'),
    createdAt: z.string().nullable().describe('null for an erased account'),
    closedAt: z.string().nullable(),
  })
  .strict();
export type AdminAccountView = z.infer<typeof adminAccountView>;

/** GET /admin/accounts?email=: exact address, compared as stored (trimmed, NFC, lower-case). */
export const adminAccountsQuery = z.object({ email: emailField }).passthrough();
export type AdminAccountsQuery = z.infer<typeof adminAccountsQuery>;

/** PUT /admin/accounts/:id/roles: the staff roles the account holds from now on. */
export const setRolesBody = z
  .object({
    roles: z
      .array(z.enum(STAFF_ROLES as ['admin', 'dpo']))
      .max(STAFF_ROLES.length, `must list at most ${STAFF_ROLES.length} roles`)
      .refine((roles) => new Set(roles).size === roles.length, 'must not repeat a role'),
  })
  .strict();
export type SetRolesBody = z.infer<typeof setRolesBody>;

/** GET /admin/erasures: one row per case, newest first. */
export const erasureCaseSummary = z
  .object({
    caseId: uuidField,
    kind: z.enum(ERASURE_CASE_KINDS).describe('`person` (an account closed) or `tenant` (an organisation deleted)'),
    status: z.enum(ERASURE_CASE_STATUSES),
    requestedAt: z.string(),
    requestedBy: z.enum(['self', 'staff']),
    requestedByStaffId: uuidField.nullable().describe('the staff member who closed the account (staff closures)'),
    completedAt: z.string().nullable(),
  })
  .strict();
export const erasureListQuery = z.object({ status: z.enum(ERASURE_CASE_STATUSES).optional(), ...pageQueryFields }).passthrough();
export type ErasureListQuery = z.infer<typeof erasureListQuery>;

/** GET /admin/incidents and GET /admin/campaigns: one row per broadcast, newest first. */
export const broadcastSummary = z
  .object({
    id: uuidField,
    kind: z.enum(['incident', 'campaign']),
    title: z.string().optional().describe('incidents'),
    subject: z.object({ lv: z.string(), en: z.string() }).strict().optional().describe('campaigns'),
    createdAt: z.string(),
    createdBy: uuidField.nullable(),
    notified: z.number().int(),
    pending: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
  })
  .strict();
export const broadcastListQuery = z.object(pageQueryFields).passthrough();

/** GET /admin/legal-holds: holds, active and released, newest first. */
export const legalHoldListQuery = z
  .object({ accountId: uuidField.optional(), active: z.enum(['true', 'false']).optional(), ...pageQueryFields })
  .passthrough();
export type LegalHoldListQuery = z.infer<typeof legalHoldListQuery>;

const auditSubjectField = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .refine((v) => !CONTROL.test(v), 'must not contain control characters');

/** GET /admin/audit filters; every one is optional and they combine. */
export const auditListQuery = z
  .object({
    actor: uuidField.optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    subject: auditSubjectField.optional(),
    since: isoTime.optional(),
    until: isoTime.optional(),
    ...pageQueryFields,
  })
  .passthrough();
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const auditEntryView = z
  .object({
    id: uuidField.describe('the event id of the action'),
    seq: z.number().int().describe('position in the chain, from 1'),
    at: z.string().describe('when the action happened'),
    recordedAt: z.string().describe('when the trail appended it'),
    actor: uuidField.nullable().describe('staff member or person; null when the system acted'),
    action: z.enum(AUDIT_ACTIONS),
    category: z.enum(['staff', 'security']),
    subject: z.string().nullable().describe('the account concerned, or the thing acted on; a pseudonym (`pseud:…`) once that person is erased'),
    reference: z.string().nullable(),
    service: z.string(),
    roles: z.array(z.enum(ROLE_NAMES)).nullable(),
    hash: z.string().describe('SHA-256 (hex) over the previous hash and this entry'),
    previousHash: z.string(),
  })
  .strict();
export type AuditEntryView = z.infer<typeof auditEntryView>;

export const auditVerificationView = z
  .object({
    entries: z.number().int().describe('entries checked'),
    valid: z.boolean(),
    head: z.string().nullable().describe('hash of the last entry'),
    firstBroken: z
      .object({ seq: z.number().int(), id: uuidField.nullable(), reason: z.string() })
      .strict()
      .nullable()
      .describe('the first entry whose hash or link does not hold'),
    checkedAt: z.string(),
  })
  .strict();
export type AuditVerificationView = z.infer<typeof auditVerificationView>;
