const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Topic names, `<domain>.<aggregate>.v<N>` (docs/architecture.md, "Events and topics"). */
export const TOPICS = {
  identityAccount: 'identity.account.v1',
  profileProfile: 'profile.profile.v1',
  consentPolicy: 'consent.policy.v1',
  consentConsent: 'consent.consent.v1',
  notificationsDelivery: 'notifications.delivery.v1',
  privacyErasure: 'privacy.erasure.v1',
  privacyExport: 'privacy.export.v1',
  privacyBackup: 'privacy.backup.v1',
  privacyRequest: 'privacy.request.v1',
  /** Staff actions and security events of every service; retention keeps them as the audit trail (R27). */
  audit: 'audit.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export interface TopicSpec {
  name: TopicName;
  partitions: number;
  /** Kafka `retention.ms`. Topics that carry personal data keep it at most 7 days. */
  retentionMs: number;
  carriesPersonalData: boolean;
}

/** How each topic is created: by the apps at boot and by the local stack, never by auto-creation. */
export const TOPIC_SPECS: readonly TopicSpec[] = [
  { name: TOPICS.identityAccount, partitions: 6, retentionMs: 7 * DAY_MS, carriesPersonalData: true },
  { name: TOPICS.profileProfile, partitions: 6, retentionMs: 7 * DAY_MS, carriesPersonalData: true },
  { name: TOPICS.consentPolicy, partitions: 1, retentionMs: 7 * DAY_MS, carriesPersonalData: false },
  { name: TOPICS.consentConsent, partitions: 6, retentionMs: 7 * DAY_MS, carriesPersonalData: true },
  { name: TOPICS.notificationsDelivery, partitions: 6, retentionMs: 7 * DAY_MS, carriesPersonalData: false },
  // Ids only, kept past the 30-day backup window so a restore can replay it (R14, R15).
  { name: TOPICS.privacyErasure, partitions: 6, retentionMs: 35 * DAY_MS, carriesPersonalData: false },
  // Export sections carry a person's whole record, so they live only hours.
  { name: TOPICS.privacyExport, partitions: 6, retentionMs: 6 * HOUR_MS, carriesPersonalData: true },
  { name: TOPICS.privacyBackup, partitions: 1, retentionMs: 35 * DAY_MS, carriesPersonalData: false },
  // Privacy requests (R12): ids and states only; the texts stay in retention's database.
  { name: TOPICS.privacyRequest, partitions: 6, retentionMs: 7 * DAY_MS, carriesPersonalData: false },
  // Ids and action names only; the trail itself lives in retention's database, hash-chained.
  { name: TOPICS.audit, partitions: 6, retentionMs: 35 * DAY_MS, carriesPersonalData: false },
];

/** Dead letters of `<topic>`; they carry ids and reasons, never payloads. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

export const DEAD_LETTER_RETENTION_MS = 14 * DAY_MS;
