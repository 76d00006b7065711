import { z } from 'zod';
import { envCaFile, envKafkaBrokers } from '@sargs/platform/config';
import type { KafkaAccess } from './kafka-access';

/**
 * How anything of ours reaches Kafka, from the environment: every app (serviceConfigSchema) and the
 * tools that talk to the brokers (kafka:provision, restore) read these same variables.
 */
export const kafkaConfigFields = {
  KAFKA_BROKERS: envKafkaBrokers,
  /**
   * `scram-sha-512`: authenticate as KAFKA_SASL_USERNAME (an app: its own principal
   * `sargs-<service>`, whose ACLs let it write only its own topics and read only what it
   * consumes; docs/messaging.md). `none` only against a broker without authentication.
   */
  KAFKA_SASL_MECHANISM: z.enum(['none', 'scram-sha-512'], { errorMap: () => ({ message: 'must be none or scram-sha-512' }) }).default('none'),
  KAFKA_SASL_USERNAME: z.string().min(1).max(200).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  /** `verify-full`: TLS to the brokers, their certificates checked against KAFKA_SSL_CA_FILE (or the system's CAs). */
  KAFKA_SSL: z.enum(['off', 'verify-full'], { errorMap: () => ({ message: 'must be off or verify-full' }) }).default('off'),
  KAFKA_SSL_CA_FILE: envCaFile.optional(),
};

export const kafkaConfigSchema = z.object(kafkaConfigFields);
export type KafkaConfig = z.infer<typeof kafkaConfigSchema>;

/** The access the configuration describes; SCRAM without both credentials is refused (at boot, naming the variables). */
export function kafkaAccessOf(config: KafkaConfig): KafkaAccess {
  if (config.KAFKA_SASL_MECHANISM === 'scram-sha-512' && (!config.KAFKA_SASL_USERNAME || !config.KAFKA_SASL_PASSWORD)) {
    throw new Error('Invalid configuration:\n  KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD: both are required with KAFKA_SASL_MECHANISM=scram-sha-512');
  }
  return {
    brokers: config.KAFKA_BROKERS,
    ...(config.KAFKA_SASL_MECHANISM === 'scram-sha-512' ? { credentials: { username: config.KAFKA_SASL_USERNAME as string, password: config.KAFKA_SASL_PASSWORD as string } } : {}),
    ...(config.KAFKA_SSL === 'verify-full' ? { tls: config.KAFKA_SSL_CA_FILE ? { ca: config.KAFKA_SSL_CA_FILE } : {} } : {}),
  };
}
