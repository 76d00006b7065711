import { z } from 'zod';
import { kafkaConfigFields } from '@sargs/platform/messaging';
import {
  envBase64Key,
  envBase64KeyList,
  envCaFile,
  envLogLevel,
  envManagementPort,
  envPort,
  envPositiveInt,
  envPostgresUrl,
} from '@sargs/platform/config';

/** The environment every service app (all but the gateway) reads. Apps extend it with their own. */
export const serviceConfigSchema = (defaultPort: number) =>
  z.object({
    PORT: envPort(defaultPort),
    MANAGEMENT_PORT: envManagementPort(),
    LOG_LEVEL: envLogLevel,
    /** The service's own database; no other service has its credentials. */
    DATABASE_URL: envPostgresUrl.refine((v) => !/[?&](ssl|sslmode)=/i.test(v), 'must not set ssl or sslmode (it would override DATABASE_SSL): use DATABASE_SSL'),
    DATABASE_POOL_SIZE: envPositiveInt(10),
    /**
     * `verify-full`: TLS to PostgreSQL, the server's certificate checked against
     * DATABASE_SSL_CA_FILE (or the system's CAs) and its name against the URL's host. `off` only
     * where the database is on the same host or network namespace (development, tests).
     */
    DATABASE_SSL: z.enum(['off', 'verify-full'], { errorMap: () => ({ message: 'must be off or verify-full' }) }).default('off'),
    DATABASE_SSL_CA_FILE: envCaFile.optional(),
    ...kafkaConfigFields,
    /** Ed25519 public key (base64 SPKI DER) that verifies the gateway's internal assertions. */
    INTERNAL_ASSERTION_PUBLIC_KEY: envBase64Key(32),
    /**
     * The gateway's previous public keys (comma-separated), during a rotation: assertions name
     * their key (kid), so both verify until every gateway signs with the new one.
     */
    INTERNAL_ASSERTION_PREVIOUS_PUBLIC_KEYS: envBase64KeyList(32),
    /** HMAC key for values kept pseudonymised after erasure (base64, at least 32 bytes). */
    PSEUDONYM_KEY: envBase64Key(32),
    OUTBOX_POLL_INTERVAL_MS: envPositiveInt(1000),
    OUTBOX_BATCH_SIZE: envPositiveInt(500),
    OUTBOX_SENT_RETENTION_MS: envPositiveInt(24 * 60 * 60 * 1000),
    CONSUMER_MAX_ATTEMPTS: envPositiveInt(10),
    SHUTDOWN_TIMEOUT_MS: envPositiveInt(10_000),
  });

export type ServiceConfig = z.infer<ReturnType<typeof serviceConfigSchema>>;

/**
 * The service's whole validated config (its app schema's type), provided once for every module
 * by SargsServiceModule: `@Inject(SERVICE_CONFIG) private readonly config: AppConfig`.
 */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

