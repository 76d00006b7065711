import type { KafkaConfig } from 'kafkajs';

/** A principal's SCRAM-SHA-512 credentials (docs/messaging.md, "Principals and ACLs"). */
export interface KafkaCredentials {
  username: string;
  password: string;
}

/** How to reach the cluster and as whom: every Kafka client of ours, app or tool, is made from one. */
export interface KafkaAccess {
  brokers: readonly string[];
  /** Absent: no authentication (only a PLAINTEXT broker accepts that: the benchmark's baseline). */
  credentials?: KafkaCredentials;
  /** TLS to the brokers, their certificates checked against `ca` (PEM) or the system's CAs. */
  tls?: { ca?: string };
}

/** The kafkajs client settings for `access`; the rest (timeouts, retries, logs) is the caller's. */
export function kafkaClientConfig(access: KafkaAccess, clientId: string): Pick<KafkaConfig, 'clientId' | 'brokers' | 'sasl' | 'ssl'> {
  return {
    clientId,
    brokers: [...access.brokers],
    ...(access.credentials ? { sasl: { mechanism: 'scram-sha-512' as const, username: access.credentials.username, password: access.credentials.password } } : {}),
    ...(access.tls ? { ssl: access.tls.ca ? { ca: [access.tls.ca], rejectUnauthorized: true } : true } : {}),
  };
}
