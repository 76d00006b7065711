import { z } from 'zod';
import { emailField, tokenField, uuidField } from './common.schemas';
import { ORG_ROLES } from './organizations.roles';

/** Request and response bodies of docs/api.md "Organisations" (organizations). */

/** The gateway asks organizations, per tenant request, who the caller is in the organisation (internal, not public). */
export const membershipLookupBody = z.object({ orgId: uuidField, accountId: uuidField }).strict();
export const membershipLookupAnswer = z.object({ role: z.enum(ORG_ROLES) }).strict();
export type MembershipLookupBody = z.infer<typeof membershipLookupBody>;
export type MembershipLookupAnswer = z.infer<typeof membershipLookupAnswer>;

/**
 * organizations' change feed (server-sent events, CHANGE_FEED_EVENTS): `changed` carries an
 * organisation id whenever one of its memberships, or the organisation itself, changed. A gateway
 * reuses membership answers only while the feed is connected and alive.
 */
export const MEMBERSHIP_CHANGES_PATH = '/internal/memberships/changes';

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators never belong in
// company details, as in a person's name (common.schemas.ts).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const isoTime = z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/u);

// ---- company details (R3) ------------------------------------------------------------------

/**
 * Weights of the Latvian legal entity checksum: the weighted digit sum of a valid number is 3
 * modulo 11. As python-stdnum computes it (stdnum/lv/pvn.py, `checksum`, by Arthur de Jong,
 * https://github.com/arthurdejong/python-stdnum).
 */
const LV_WEIGHTS = [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1] as const;

/** Spaces and hyphens people group the digits with ("4000 3521 600"), dropped. */
const compactNumber = (value: string): string => value.replace(/[\s-]/gu, '');

/**
 * What is wrong with a Latvian registration number (already compact), or undefined when it is a
 * legal entity's: 11 digits, the first above 3 (0-3 begin a personal code, a person's number, never
 * a company's) and the checksum of stdnum/lv/pvn.py.
 */
export function latvianRegistrationNumberProblem(value: string): string | undefined {
  if (!/^[0-9]{11}$/u.test(value)) return 'must be 11 digits';
  if (value[0] <= '3') return 'must be the number of a legal entity (its first digit is 4 to 9)';
  const sum = LV_WEIGHTS.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  return sum % 11 === 3 ? undefined : 'has a wrong check digit';
}

/** A Latvian registration number, stored compact (digits only). */
export const registrationNumberField = z
  .string()
  .max(40, 'must be 11 digits')
  .transform(compactNumber)
  .superRefine((value, ctx) => {
    const problem = latvianRegistrationNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The VAT number as people write it ("LV 4000 3521 600"): compact and upper-case; that it is `LV` + the registration number is checked beside it. */
export const vatNumberField = z
  .string()
  .max(40, 'must be LV followed by the registration number')
  .transform((v) => compactNumber(v).toUpperCase())
  .refine((v) => /^LV[0-9]{11}$/u.test(v), 'must be LV followed by the registration number');

/** The VAT number a registration number goes with (R3): `LV` and the same 11 digits. */
export const vatNumberFor = (registrationNumber: string): string => `LV${registrationNumber}`;
export const VAT_MISMATCH = 'must be LV followed by the registration number';

const textField = (max: number) =>
  z
    .string()
    .transform((v) => v.trim().normalize('NFC'))
    .refine((v) => v.length >= 1, 'must not be empty')
    .refine((v) => [...v].length <= max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL.test(v), 'must not contain control characters');

export const ORGANIZATION_NAME_MAX = 200;
export const ORGANIZATION_ADDRESS_MAX = 300;
export const organizationNameField = textField(ORGANIZATION_NAME_MAX);
export const organizationAddressField = textField(ORGANIZATION_ADDRESS_MAX);

/** POST /orgs. `vatNumber` and `address`: absent or null for none. */
export const createOrganizationBody = z
  .object({
    name: organizationNameField,
    registrationNumber: registrationNumberField,
    vatNumber: vatNumberField.nullable().optional(),
    address: organizationAddressField.nullable().optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.vatNumber && body.vatNumber !== vatNumberFor(body.registrationNumber)) ctx.addIssue({ code: 'custom', path: ['vatNumber'], message: VAT_MISMATCH });
  });
export type CreateOrganizationBody = z.output<typeof createOrganizationBody>;

/**
 * PATCH /orgs/:id: at least one field; null clears `vatNumber` or `address`. Whether the VAT
 * number still goes with the registration number is checked against the details as they will be.
 */
export const updateOrganizationBody = z
  .object({
    name: organizationNameField.optional(),
    registrationNumber: registrationNumberField.optional(),
    vatNumber: vatNumberField.nullable().optional(),
    address: organizationAddressField.nullable().optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((v) => v !== undefined), 'must name at least one of name, registrationNumber, vatNumber, address');
export type UpdateOrganizationBody = z.output<typeof updateOrganizationBody>;

export const VERIFICATION_STATUSES = ['unverified', 'verified'] as const;
/** How staff checked the details (R3): an extract of the Register of Enterprises, the VAT register, or a document the organisation sent. */
export const VERIFICATION_METHODS = ['register-extract', 'vat-register', 'document'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

export const verificationView = z
  .object({
    status: z.enum(VERIFICATION_STATUSES),
    verifiedAt: isoTime.nullable(),
    method: z.enum(VERIFICATION_METHODS).nullable(),
  })
  .strict();
export type VerificationView = z.infer<typeof verificationView>;

/** 201 of POST /orgs. */
export const organizationCreated = z.object({ id: uuidField, verification: z.object({ status: z.literal('unverified') }).strict() }).strict();

/** GET /orgs/:id: `dpa` is the acceptance of the version in force, null when there is none (a newer version is asked for again). */
export const organizationView = z
  .object({
    id: uuidField,
    name: z.string(),
    registrationNumber: z.string(),
    vatNumber: z.string().nullable(),
    address: z.string().nullable(),
    verification: verificationView,
    dpa: z.object({ version: z.string(), acceptedAt: isoTime }).strict().nullable(),
  })
  .strict();
export type OrganizationView = z.infer<typeof organizationView>;

/** GET /orgs: my organisations and my role in each. */
export const myOrganizationView = z.object({ id: uuidField, name: z.string(), role: z.enum(ORG_ROLES) }).strict();
export type MyOrganizationView = z.infer<typeof myOrganizationView>;

/** GET /admin/orgs: one organisation as staff look it up. */
export const staffOrganizationView = z.object({ id: uuidField, name: z.string(), registrationNumber: z.string(), verification: verificationView }).strict();
export type StaffOrganizationView = z.infer<typeof staffOrganizationView>;

/** GET /admin/orgs?registrationNumber=: an exact number (digits; spaces and hyphens are dropped). */
export const staffOrganizationQuery = z
  .object({
    registrationNumber: z
      .string({ required_error: 'is required' })
      .max(40, 'must be 11 digits')
      .transform(compactNumber)
      .refine((v) => /^[0-9]{11}$/u.test(v), 'must be 11 digits'),
  })
  .passthrough();
export type StaffOrganizationQuery = z.output<typeof staffOrganizationQuery>;

/** POST /admin/orgs/:id/verification: how staff checked the details, and the SHA-256 of the evidence they keep. */
export const verifyOrganizationBody = z
  .object({
    method: z.enum(VERIFICATION_METHODS),
    evidenceSha256: z
      .string()
      .transform((v) => v.toLowerCase())
      .refine((v) => /^[0-9a-f]{64}$/u.test(v), 'must be a SHA-256 in hex (64 characters)'),
  })
  .strict();
export type VerifyOrganizationBody = z.output<typeof verifyOrganizationBody>;

/** 202 of DELETE /orgs/:id: the tenant erasure case (`GET /admin/erasures/:caseId`). */
export const organizationDeletionAccepted = z.object({ caseId: uuidField }).strict();

// ---- members and invitations ---------------------------------------------------------------

/** The roles an invitation may give: ownership only ever passes from an owner (PATCH of a member). */
export const INVITABLE_ROLES = ['admin', 'member'] as const;

/** GET /orgs/:id/members. `name` and `email` are null while organizations has not yet learnt them (moments after sign-up). */
export const memberView = z
  .object({ accountId: uuidField, name: z.string().nullable(), email: z.string().nullable(), role: z.enum(ORG_ROLES) })
  .strict();
export type MemberView = z.infer<typeof memberView>;

/** PATCH /orgs/:id/members/:accountId. */
export const changeMemberRoleBody = z.object({ role: z.enum(ORG_ROLES) }).strict();
export type ChangeMemberRoleBody = z.output<typeof changeMemberRoleBody>;

/** POST /orgs/:id/invitations. The address is stored normalised (trimmed, NFC, lower-case). */
export const createInvitationBody = z.object({ email: emailField, role: z.enum(INVITABLE_ROLES) }).strict();
export type CreateInvitationBody = z.output<typeof createInvitationBody>;

export const invitationCreated = z.object({ id: uuidField }).strict();

export const INVITATION_STATUSES = ['pending', 'expired'] as const;

/** GET /orgs/:id/invitations: the invitations not yet accepted or revoked. */
export const invitationView = z
  .object({
    id: uuidField,
    email: z.string(),
    role: z.enum(INVITABLE_ROLES),
    status: z.enum(INVITATION_STATUSES),
    createdAt: isoTime,
    expiresAt: isoTime,
  })
  .strict();
export type InvitationView = z.infer<typeof invitationView>;

/** POST /org-invitations/accept: the token from the mailed link. */
export const acceptInvitationBody = z.object({ token: tokenField }).strict();
export type AcceptInvitationBody = z.output<typeof acceptInvitationBody>;

// ---- the data processing agreement (Art. 28) -----------------------------------------------

/** A DPA version label, like a policy's: letters, digits, '.', '_' and '-'. */
export const dpaVersionField = z
  .string()
  .min(1, 'is required')
  .max(50, 'must be at most 50 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/u, "must be letters, digits, '.', '_' or '-', starting with a letter or digit");

export const dpaContentField = z.string().min(1, 'must not be empty').max(200_000, 'must be at most 200000 characters');

/** GET /dpa: the version in force. */
export const dpaView = z.object({ version: z.string(), sha256: sha256Hex, content: z.string() }).strict();
export type DpaView = z.infer<typeof dpaView>;

/** POST /admin/dpa: a new version, in force at once. */
export const publishDpaBody = z.object({ version: dpaVersionField, content: dpaContentField }).strict();
export type PublishDpaBody = z.output<typeof publishDpaBody>;

export const dpaPublished = z.object({ version: z.string(), sha256: sha256Hex, publishedAt: isoTime }).strict();
export type DpaPublished = z.infer<typeof dpaPublished>;

/** POST /orgs/:id/dpa-acceptance: the version the owner read (it must be the one in force). */
export const acceptDpaBody = z.object({ version: dpaVersionField }).strict();
export type AcceptDpaBody = z.output<typeof acceptDpaBody>;

export const dpaAcceptanceView = z.object({ version: z.string(), sha256: sha256Hex, acceptedAt: isoTime, acceptedBy: uuidField }).strict();
export type DpaAcceptanceView = z.infer<typeof dpaAcceptanceView>;

// ---- sub-processors (Art. 28(2)) -----------------------------------------------------------

export const SUBPROCESSOR_CHANGES = ['added', 'removed'] as const;
export type SubprocessorChangeKind = (typeof SUBPROCESSOR_CHANGES)[number];

/** POST /admin/subprocessors: a change announced ahead (at least SUBPROCESSOR_NOTICE_DAYS). */
export const announceSubprocessorBody = z
  .object({
    change: z.enum(SUBPROCESSOR_CHANGES),
    name: textField(200),
    purpose: textField(500),
    location: textField(200),
    effectiveAt: isoTime,
  })
  .strict();
export type AnnounceSubprocessorBody = z.output<typeof announceSubprocessorBody>;

export const subprocessorChangeView = z
  .object({
    id: uuidField,
    change: z.enum(SUBPROCESSOR_CHANGES),
    name: z.string(),
    purpose: z.string(),
    location: z.string(),
    effectiveAt: isoTime,
    announcedAt: isoTime,
  })
  .strict();
export type SubprocessorChangeView = z.infer<typeof subprocessorChangeView>;

/** One sub-processor in the register: in use since its addition took effect. */
export const subprocessorView = z.object({ name: z.string(), purpose: z.string(), location: z.string(), since: isoTime }).strict();
export type SubprocessorView = z.infer<typeof subprocessorView>;

/** GET /subprocessors: the sub-processors in use now, and the announced changes not yet in effect. */
export const subprocessorRegisterView = z.object({ current: z.array(subprocessorView), upcoming: z.array(subprocessorChangeView) }).strict();
export type SubprocessorRegisterView = z.infer<typeof subprocessorRegisterView>;
