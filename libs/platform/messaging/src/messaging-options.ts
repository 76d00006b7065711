import type { KafkaAccess } from './kafka-access';

export interface MessagingOptions {
  /** The service name: Kafka client id, consumer group, and the relay's lock name. */
  serviceName: string;
  /** The brokers and this service's own principal. */
  kafka: KafkaAccess;
  outboxPollIntervalMs: number;
  outboxBatchSize: number;
  outboxSentRetentionMs: number;
  /** Attempts before a failing event goes to the dead-letter topic. */
  consumerMaxAttempts: number;
  /** Partitions handled in parallel; order within a partition (one person's events) always holds. */
  partitionsConsumedConcurrently?: number;
  /** Inbox records are kept longer than any topic keeps a message, so a redelivery is recognised. */
  inboxRetentionMs?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
/** The outbox relay's wake-up call from another instance of the service (OutboxRelay.committed). */
export const OUTBOX_NOTIFY_CHANNEL = 'sargs_outbox';
