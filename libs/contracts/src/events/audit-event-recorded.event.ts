import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { ROLE_NAMES } from '../http/roles';
import { SARGS_SERVICES, type ServiceName } from '../services';
import { serviceTopic } from '../topics';

/** Staff actions (R23, R27): every one leaves an entry in the audit trail. */
export const STAFF_AUDIT_ACTIONS = [
  'policy.published',
  'incident.declared',
  'campaign.sent',
  'account.closed-by-staff',
  'account.roles-changed',
  'legal-hold.placed',
  'legal-hold.lifted',
  'privacy-request.answered',
  'privacy-request.rejected',
  'backup.taken',
  'organization.verified',
  'dpa.published',
  'subprocessor.announced',
] as const;

/** Security events about an account (R27): the person or the system is the actor. */
export const SECURITY_AUDIT_ACTIONS = [
  'login.locked-out',
  'second-factor.added',
  'second-factor.removed',
  'password.reset-completed',
  // Who may act for an organisation (organizations): the member concerned is the subject, the organisation the reference.
  'org-member.added',
  'org-member.role-changed',
  'org-member.removed',
  'org-invitation.issued',
  'org-invitation.revoked',
  'organization.deletion-requested',
] as const;

export const AUDIT_ACTIONS = [...STAFF_AUDIT_ACTIONS, ...SECURITY_AUDIT_ACTIONS] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditCategory = 'staff' | 'security';

export function auditCategoryOf(action: AuditAction): AuditCategory {
  return (STAFF_AUDIT_ACTIONS as readonly string[]).includes(action) ? 'staff' : 'security';
}

/** An id or a version label: never free text, so no address or name can ride along. */
const auditRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/u);

/**
 * One staff action or security event, published by the service where it happened through its
 * outbox. Ids and names of actions only: never an address, a name, a password or a token.
 *
 * - `actorId`: the staff member (staff actions), the person (their own security events), or null
 *   when the system acted (a lockout, a scheduled backup).
 * - `subject`: the account the action concerns when there is one, otherwise the thing acted on
 *   (a policy version, an incident, a campaign, a backup).
 * - `reference`: a second id where one helps (the legal hold, the privacy request, the erasure case).
 *
 * The message key is `audit:<subject>` (AUDIT_SUBJECT_PREFIX; a random uuid without a subject),
 * never an account id itself: one subject's entries keep their order, and an erasure that removes
 * a person's unsent outbox rows does not take the trail's record with them.
 */
const auditEventRecordedBy = <S extends ServiceName>(service: S) =>
  defineEvent({
    topic: serviceTopic(service, 'audit'),
    type: 'AuditEventRecorded',
    schemaVersion: 1,
    payload: z
      .object({
        action: z.enum(AUDIT_ACTIONS),
        actorId: z.string().uuid().nullable(),
        subject: auditRef.nullable(),
        reference: auditRef.nullable(),
        // The topic's writer: an entry in another service's name is invalid (dead-lettered).
        service: z.literal(service),
        occurredAt: z.string().datetime({ offset: true }),
        /** Only with `account.roles-changed`: the roles the account holds now. */
        roles: z.array(z.enum(ROLE_NAMES)).max(ROLE_NAMES.length).optional(),
      })
      .strict(),
  });

/** One definition per service, each on the service's own audit topic (`AuditEventRecorded.consent`). */
export const AuditEventRecorded = Object.fromEntries(SARGS_SERVICES.map((s) => [s, auditEventRecordedBy(s)])) as {
  [S in ServiceName]: ReturnType<typeof auditEventRecordedBy<S>>;
};

export const AUDIT_SUBJECT_PREFIX = 'audit:';
