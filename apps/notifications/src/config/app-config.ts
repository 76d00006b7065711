import { SERVICE_REGISTRY } from '@sargs/contracts';
import { z } from 'zod';
import { envBase64Key, envBase64KeyList, envBoolean, envCaFile, envHttpUrl, envPositiveInt } from '@sargs/platform/config';
import { serviceConfigSchema } from '@sargs/platform/service';

const envSmtpUrl = z
  .string({ required_error: 'is required but not set' })
  .refine((v) => /^smtps?:\/\/[^/]+/.test(v), 'must be an smtp:// or smtps:// URL');

/** `Name <address>` or a bare address; the From of every mail. */
const envMailFrom = z
  .string()
  .refine((v) => /^(?:[^<>\r\n]{1,100} )?<?[^\s<>@]+@[^\s<>@]+>?$/u.test(v), 'must be an address, optionally as "Name <address>"')
  .default('Sargs <no-reply@sargs.localhost>');

export const appConfigSchema = serviceConfigSchema(SERVICE_REGISTRY.notifications.port).extend({
  /** The mail relay (MailDev locally); credentials, when needed, go in the URL's user part. */
  SMTP_URL: envSmtpUrl,
  /**
   * true: never send in clear. An smtp:// relay must accept STARTTLS (smtps:// is TLS from the
   * start); either way the relay's certificate must verify (on in the production overlay).
   */
  SMTP_REQUIRE_TLS: envBoolean(false),
  /** CA certificates (PEM file) the relay's certificate is checked against; default: the system's. */
  SMTP_TLS_CA_FILE: envCaFile.optional(),
  MAIL_FROM: envMailFrom,
  /** The web app's origin: every link in a mail points there (`<origin>/<path>?token=`). */
  PUBLIC_ORIGIN: envHttpUrl,
  /** Opens the tokens identity seals into its mail events (same value as identity's). */
  SECRET_SEALING_KEY: envBase64Key(32),
  /**
   * Earlier sealing keys (comma-separated base64) during a rotation: tokens sealed under them
   * into events still on the bus still open. Drop one once its events are past (7 days).
   */
  SECRET_SEALING_PREVIOUS_KEYS: envBase64KeyList(32),
  /** Signs the one-click unsubscribe links of marketing mail (same value as consent's). */
  UNSUBSCRIBE_TOKEN_KEY: envBase64Key(32),
  /** Parallel SMTP connections of this instance. */
  SMTP_MAX_CONNECTIONS: envPositiveInt(5),
  /** Ceiling on mails handed to the relay per second, per instance. */
  MAIL_RATE_PER_SECOND: envPositiveInt(300),
  /** Mails one sender round claims from the queue. */
  MAIL_BATCH_SIZE: envPositiveInt(100),
  /** How often an idle sender looks at the queue (a broadcast batch of this instance wakes it at once). */
  MAIL_POLL_INTERVAL_MS: envPositiveInt(250),
  /** Attempts before a temporarily failing mail is recorded as failed. */
  MAIL_MAX_ATTEMPTS: envPositiveInt(8),
  /** First retry delay; it doubles per attempt up to MAIL_RETRY_MAX_MS. */
  MAIL_RETRY_BASE_MS: envPositiveInt(30_000),
  MAIL_RETRY_MAX_MS: envPositiveInt(30 * 60_000),
  /** A claimed mail whose sender died is claimable again after this long. */
  MAIL_SEND_LEASE_MS: envPositiveInt(120_000),
  /** Recipients a broadcast queues per transaction. */
  BROADCAST_BATCH_SIZE: envPositiveInt(1000),
  /** Finished delivery log rows are deleted after this many days (counts survive on the broadcast). */
  DELIVERY_LOG_RETENTION_DAYS: envPositiveInt(30),
});
export type AppConfig = z.infer<typeof appConfigSchema>;
