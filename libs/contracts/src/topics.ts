import { SARGS_SERVICES, type ServiceName } from './services';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Topic names, `<domain>.<aggregate>.v<N>` (docs/architecture.md, "Events and topics"). */
export const TOPICS = {
  identityAccount: 'identity.account.v1',
  identityLedger: 'identity.ledger.v1',
  profileProfile: 'profile.profile.v1',
  consentPolicy: 'consent.policy.v1',
  consentConsent: 'consent.consent.v1',
  notificationsDelivery: 'notifications.delivery.v1',
  privacyErasure: 'privacy.erasure.v1',
  privacyExport: 'privacy.export.v1',
  privacyBackup: 'privacy.backup.v1',
  privacyRequest: 'privacy.request.v1',
  organizationsOrganization: 'organizations.organization.v1',
} as const;

/**
 * What every service sends retention on topics of its own: its erasure answers, its export
 * sections and its audit entries (R27). Only the service's principal may write its topics (the
 * ACLs, docs/messaging.md), so the topic an answer arrives on names who sent it; a shared topic
 * would let any service answer, or audit, in another's name.
 */
export type ServiceTopicKind = 'erasure' | 'export' | 'audit';

export type ServiceTopicName<S extends ServiceName = ServiceName, K extends ServiceTopicKind = ServiceTopicKind> = `${S}.${K}.v1`;

export function serviceTopic<S extends ServiceName, K extends ServiceTopicKind>(service: S, kind: K): ServiceTopicName<S, K> {
  return `${service}.${kind}.v1`;
}

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS] | ServiceTopicName;

export interface TopicSpec {
  name: TopicName;
  /** The one principal that may write it (its DLQ is written by the services that consume it). */
  writer: ServiceName;
  partitions: number;
  /** Kafka `retention.ms`. Topics that carry personal data keep it at most 7 days. */
  retentionMs: number;
  carriesPersonalData: boolean;
}

/** How each topic is created: by the topic-provisioning principal, never by an app or by auto-creation. */
export const TOPIC_SPECS: readonly TopicSpec[] = [
  { name: TOPICS.identityAccount, writer: 'identity', partitions: 6, retentionMs: 7 * DAY_MS, carriesPersonalData: true },
  // Closures and credential changes, ids and versions only, kept past the 30-day backup window:
  // identity replays it after a restore so neither comes undone (docs/identity.md, "After a restore").
  { name: TOPICS.identityLedger, writer: 'identity', partitions: 6, retentionMs: 35 * DAY_MS, carriesPersonalData: false },
  { name: TOPICS.profileProfile, writer: 'profile', partitions: 6, retentionMs: 7 * DAY_MS, carriesPersonalData: true },
  { name: TOPICS.consentPolicy, writer: 'consent', partitions: 1, retentionMs: 7 * DAY_MS, carriesPersonalData: false },
  { name: TOPICS.consentConsent, writer: 'consent', partitions: 6, retentionMs: 7 * DAY_MS, carriesPersonalData: true },
  { name: TOPICS.notificationsDelivery, writer: 'notifications', partitions: 6, retentionMs: 7 * DAY_MS, carriesPersonalData: false },
  // Ids only, kept past the 30-day backup window so a restore can replay it (R14, R15).
  { name: TOPICS.privacyErasure, writer: 'retention', partitions: 6, retentionMs: 35 * DAY_MS, carriesPersonalData: false },
  // An organisation's data-subject request names the address it is about.
  { name: TOPICS.privacyExport, writer: 'retention', partitions: 6, retentionMs: 7 * DAY_MS, carriesPersonalData: true },
  { name: TOPICS.privacyBackup, writer: 'retention', partitions: 1, retentionMs: 35 * DAY_MS, carriesPersonalData: false },
  // Privacy requests (R12): ids and states only; the texts stay in retention's database.
  { name: TOPICS.privacyRequest, writer: 'retention', partitions: 6, retentionMs: 7 * DAY_MS, carriesPersonalData: false },
  // Memberships, invitations (the invited address) and deletions of organisations; keyed by organisation.
  { name: TOPICS.organizationsOrganization, writer: 'organizations', partitions: 6, retentionMs: 7 * DAY_MS, carriesPersonalData: true },
  ...SARGS_SERVICES.flatMap((service): TopicSpec[] => [
    { name: serviceTopic(service, 'erasure'), writer: service, partitions: 3, retentionMs: 7 * DAY_MS, carriesPersonalData: false },
    // Export sections carry a person's whole record, so they live only hours.
    { name: serviceTopic(service, 'export'), writer: service, partitions: 3, retentionMs: 6 * HOUR_MS, carriesPersonalData: true },
    // Ids and action names only; the trail itself lives in retention's database, hash-chained.
    { name: serviceTopic(service, 'audit'), writer: service, partitions: 3, retentionMs: 35 * DAY_MS, carriesPersonalData: false },
  ]),
];

const serviceTopicsOfAll = (kind: ServiceTopicKind): TopicName[] => SARGS_SERVICES.map((service) => serviceTopic(service, kind));

/**
 * What each service consumes: its read ACLs, and the write ACLs of the dead-letter topics it may
 * fill. Every service is a privacy participant, so all read privacy.erasure.v1 and
 * privacy.export.v1. tools/apps/event-subscriptions.spec.ts holds this to the handlers.
 */
export const TOPIC_SUBSCRIPTIONS: Readonly<Record<ServiceName, readonly TopicName[]>> = {
  identity: [TOPICS.identityLedger, TOPICS.profileProfile, TOPICS.consentPolicy, TOPICS.privacyErasure, TOPICS.privacyExport],
  profile: [TOPICS.identityAccount, TOPICS.privacyErasure, TOPICS.privacyExport],
  consent: [TOPICS.identityAccount, TOPICS.profileProfile, TOPICS.privacyErasure, TOPICS.privacyExport],
  notifications: [
    TOPICS.identityAccount,
    TOPICS.profileProfile,
    TOPICS.consentPolicy,
    TOPICS.consentConsent,
    TOPICS.privacyRequest,
    TOPICS.organizationsOrganization,
    TOPICS.privacyErasure,
    TOPICS.privacyExport,
  ],
  retention: [
    TOPICS.identityAccount,
    TOPICS.organizationsOrganization,
    TOPICS.privacyErasure,
    TOPICS.privacyExport,
    ...serviceTopicsOfAll('erasure'),
    ...serviceTopicsOfAll('export'),
    ...serviceTopicsOfAll('audit'),
  ],
  organizations: [TOPICS.identityAccount, TOPICS.profileProfile, TOPICS.privacyErasure, TOPICS.privacyExport],
  contacts: [TOPICS.privacyErasure, TOPICS.privacyExport],
};

/**
 * What each service's consumer group reads again after its database is restored from a backup
 * (tools/backup/restore.ts): the ledgers of what must not come undone. Every service replays the
 * erasure ledger (R14); identity also its own ledger of closures and credential changes, and
 * retention the audit topics, so entries recorded after the backup are appended again (the inbox
 * drops those the restored trail already has). The restore principal reads these, no more.
 */
export const RESTORE_REPLAY_TOPICS: Readonly<Record<ServiceName, readonly TopicName[]>> = {
  identity: [TOPICS.privacyErasure, TOPICS.identityLedger],
  profile: [TOPICS.privacyErasure],
  consent: [TOPICS.privacyErasure],
  notifications: [TOPICS.privacyErasure],
  retention: [TOPICS.privacyErasure, ...serviceTopicsOfAll('audit')],
  organizations: [TOPICS.privacyErasure],
  contacts: [TOPICS.privacyErasure],
};

/** Dead letters of `<topic>`; they carry ids and reasons, never payloads. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

export const DEAD_LETTER_RETENTION_MS = 14 * DAY_MS;
