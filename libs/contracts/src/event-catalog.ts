import { z } from 'zod';
import { AccountClosureRecorded } from './events/account-closure-recorded.event';
import { AccountClosureRequested } from './events/account-closure-requested.event';
import { AccountCredentialsChanged } from './events/account-credentials-changed.event';
import { AccountEmailChanged } from './events/account-email-changed.event';
import { AccountEmailVerified } from './events/account-email-verified.event';
import { ConsentChanged } from './events/consent-changed.event';
import { EmailChangeRequested } from './events/email-change-requested.event';
import { AccountRegistered } from './events/account-registered.event';
import { AccountRolesChanged } from './events/account-roles-changed.event';
import { AuditEventRecorded } from './events/audit-event-recorded.event';
import { BackupCompleted } from './events/backup-completed.event';
import { EmailVerificationRequested } from './events/email-verification-requested.event';
import { ErasureCompleted } from './events/erasure-completed.event';
import { ErasureRequested } from './events/erasure-requested.event';
import { ExportRequested } from './events/export-requested.event';
import { ExportSectionReady } from './events/export-section-ready.event';
import { MailDelivered } from './events/mail-delivered.event';
import { MailDeliveryFailed } from './events/mail-delivery-failed.event';
import { ExistingAccountRegistrationAttempted } from './events/existing-account-registration-attempted.event';
import { PasswordChanged } from './events/password-changed.event';
import { PasswordResetRequested } from './events/password-reset-requested.event';
import { PolicyPublished } from './events/policy-published.event';
import { PrivacyRequestAnswered } from './events/privacy-request-answered.event';
import { ProfileChanged } from './events/profile-changed.event';
import { SecondFactorChanged } from './events/second-factor-changed.event';
import { SuspiciousLoginDetected } from './events/suspicious-login-detected.event';
import { OrganizationDeletionRequested } from './events/organization-deletion-requested.event';
import { OrganizationInvitationIssued } from './events/organization-invitation-issued.event';
import { OrganizationMembershipChanged } from './events/organization-membership-changed.event';
import { SubprocessorChangeAnnounced } from './events/subprocessor-change-announced.event';
import { TenantErasureRequested } from './events/tenant-erasure-requested.event';
import { TenantExportRequested } from './events/tenant-export-requested.event';
import { TenantSubjectAnswered } from './events/tenant-subject-answered.event';
import { TenantSubjectRequested } from './events/tenant-subject-requested.event';
import type { EventDefinition } from './event-definition';
import type { EventEnvelope } from './envelope';
import { SARGS_SERVICES, type ServiceName } from './services';
import { serviceTopic, TOPICS, type TopicName } from './topics';

/** Each service's own topics and what they carry (topics.ts, ServiceTopicKind). */
type ServiceTopicsCatalog = { [S in ServiceName as `${S}.erasure.v1`]: { ErasureCompleted: (typeof ErasureCompleted)[S] } } & {
  [S in ServiceName as `${S}.export.v1`]: { ExportSectionReady: (typeof ExportSectionReady)[S]; TenantSubjectAnswered: (typeof TenantSubjectAnswered)[S] };
} & { [S in ServiceName as `${S}.audit.v1`]: { AuditEventRecorded: (typeof AuditEventRecorded)[S] } };

const SERVICE_TOPICS_CATALOG = Object.fromEntries(
  SARGS_SERVICES.flatMap((s) => [
    [serviceTopic(s, 'erasure'), { ErasureCompleted: ErasureCompleted[s] }],
    [serviceTopic(s, 'export'), { ExportSectionReady: ExportSectionReady[s], TenantSubjectAnswered: TenantSubjectAnswered[s] }],
    [serviceTopic(s, 'audit'), { AuditEventRecorded: AuditEventRecorded[s] }],
  ]),
) as ServiceTopicsCatalog;

/** The typed map from topic to the events it carries: publishing a wrong payload does not compile. */
export const EVENT_CATALOG = {
  [TOPICS.identityAccount]: {
    AccountRegistered,
    EmailVerificationRequested,
    AccountEmailVerified,
    ExistingAccountRegistrationAttempted,
    PasswordResetRequested,
    PasswordChanged,
    EmailChangeRequested,
    AccountEmailChanged,
    AccountClosureRequested,
    SuspiciousLoginDetected,
    AccountRolesChanged,
    SecondFactorChanged,
  },
  [TOPICS.identityLedger]: { AccountClosureRecorded, AccountCredentialsChanged },
  [TOPICS.profileProfile]: { ProfileChanged },
  [TOPICS.consentPolicy]: { PolicyPublished },
  [TOPICS.consentConsent]: { ConsentChanged },
  [TOPICS.notificationsDelivery]: { MailDelivered, MailDeliveryFailed },
  [TOPICS.privacyErasure]: { ErasureRequested, TenantErasureRequested },
  [TOPICS.privacyExport]: { ExportRequested, TenantExportRequested, TenantSubjectRequested },
  [TOPICS.privacyBackup]: { BackupCompleted },
  [TOPICS.privacyRequest]: { PrivacyRequestAnswered },
  [TOPICS.organizationsOrganization]: { OrganizationMembershipChanged, OrganizationInvitationIssued, OrganizationDeletionRequested, SubprocessorChangeAnnounced },
  ...SERVICE_TOPICS_CATALOG,
} as const satisfies Record<TopicName, Record<string, EventDefinition>>;

export type EventCatalog = typeof EVENT_CATALOG;
export type EventTypeOf<T extends TopicName> = keyof EventCatalog[T] & string;

type DefinitionOf<T extends TopicName, K extends EventTypeOf<T>> = EventCatalog[T][K] extends EventDefinition
  ? EventCatalog[T][K]
  : never;

export type PayloadOf<T extends TopicName, K extends EventTypeOf<T>> = z.infer<DefinitionOf<T, K>['payload']>;

export type EventOf<T extends TopicName, K extends EventTypeOf<T>> = EventEnvelope<K, PayloadOf<T, K>>;

export function findEventDefinition(topic: string, type: string): EventDefinition | undefined {
  const events = (EVENT_CATALOG as Record<string, Record<string, EventDefinition>>)[topic];
  return events && Object.prototype.hasOwnProperty.call(events, type) ? events[type] : undefined;
}
