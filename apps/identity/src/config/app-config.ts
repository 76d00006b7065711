import { z } from 'zod';
import { envBase64Key, envHttpUrl, envPositiveInt } from '@sargs/platform/config';
import { serviceConfigSchema } from '@sargs/platform/service';
import { emailField, SERVICE_REGISTRY } from '@sargs/contracts';
import { passwordProblem } from '../credentials/password-policy';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** OWASP's minimum for argon2id (Password Storage Cheat Sheet): config may raise, never lower. */
export const ARGON2_FLOOR = { memoryKib: 19_456, timeCost: 2, parallelism: 1 } as const;

const atLeast = (floor: number, defaultValue: number) =>
  z.coerce
    .number({ invalid_type_error: `must be an integer of at least ${floor}` })
    .int(`must be an integer of at least ${floor}`)
    .min(floor, `must be at least ${floor} (OWASP minimum)`)
    .default(defaultValue);

export const appConfigSchema = serviceConfigSchema(SERVICE_REGISTRY.identity.port)
  .extend({
    /** AES-256-GCM key that seals mailed tokens into events for notifications (base64, ≥32 bytes). */
    SECRET_SEALING_KEY: envBase64Key(32),
    ARGON2_MEMORY_KIB: atLeast(ARGON2_FLOOR.memoryKib, ARGON2_FLOOR.memoryKib),
    ARGON2_TIME_COST: atLeast(ARGON2_FLOOR.timeCost, ARGON2_FLOOR.timeCost),
    ARGON2_PARALLELISM: atLeast(ARGON2_FLOOR.parallelism, ARGON2_FLOOR.parallelism),
    /**
     * Password hashes run at once at most (the rest queue). Default 4, libuv's pool: as many as
     * Node would run anyway. One per CPU the app may use keeps the event loop prompt under a login
     * storm (docs/identity.md); Kubernetes sets it from the pod's CPU limit, the bench from the cores.
     */
    PASSWORD_HASH_CONCURRENCY: envPositiveInt(4),
    SESSION_IDLE_TIMEOUT_MS: envPositiveInt(30 * MINUTE),
    SESSION_ABSOLUTE_LIFETIME_MS: envPositiveInt(12 * HOUR),
    VERIFICATION_TOKEN_TTL_MS: envPositiveInt(24 * HOUR),
    RESET_TOKEN_TTL_MS: envPositiveInt(30 * MINUTE),
    /** Failed logins allowed per account, then per client address, before backoff starts. */
    LOGIN_FREE_ATTEMPTS_PER_ACCOUNT: envPositiveInt(5),
    LOGIN_FREE_ATTEMPTS_PER_CLIENT: envPositiveInt(20),
    LOGIN_BACKOFF_BASE_MS: envPositiveInt(1000),
    LOGIN_BACKOFF_MAX_MS: envPositiveInt(15 * MINUTE),
    /** A run of failures is forgotten after this long without another. */
    LOGIN_FAILURE_WINDOW_MS: envPositiveInt(15 * MINUTE),
    /** Mails sent without a session (sign-up, resend, reset) per recipient address per hour. */
    MAILS_PER_ADDRESS_PER_HOUR: envPositiveInt(5),
    /** How often queued sign-up, resend and reset requests are processed (off the request path). */
    MAIL_REQUEST_INTERVAL_MS: envPositiveInt(250),
    /** The first staff account (docs/api.md): created if absent, verified, roles admin and dpo. */
    SARGS_ADMIN_EMAIL: z.string().min(1).optional(),
    SARGS_ADMIN_PASSWORD: z.string().min(1).optional(),
    SARGS_ADMIN_NAME: z.string().min(1).max(200).default('Sargs administrator'),
    /** The first staff account's TOTP secret (base32, at least 128 bits): it has an authenticator app from the start. */
    SARGS_ADMIN_TOTP_SECRET: z
      .string()
      .transform((v) => v.replace(/[\s=]/gu, '').toUpperCase())
      .refine((v) => /^[A-Z2-7]{26,}$/u.test(v), 'must be base32 of at least 128 bits (26 characters)')
      .optional(),
    /** The name authenticator apps show for our entries (the otpauth issuer). */
    TOTP_ISSUER: z.string().min(1).max(64).default('Sargs'),
    /** How long a login may wait for its second factor before the session ends. */
    SECOND_FACTOR_PENDING_MS: envPositiveInt(10 * MINUTE),
    /**
     * Passkeys (WebAuthn): the public origin browsers show (the gateway's PUBLIC_ORIGIN, exactly), and
     * the relying party id passkeys are bound to (default: that origin's host name; a registrable
     * parent domain also works, but passkeys made for one RP ID never work for another).
     */
    WEBAUTHN_ORIGIN: envHttpUrl.refine((v) => new URL(v).origin === v && v.startsWith('https://'), 'must be an https origin without a path, like PUBLIC_ORIGIN'),
    WEBAUTHN_RP_ID: z.string().min(1).max(253).optional(),
    /** The name browsers show for Sargs when making a passkey. */
    WEBAUTHN_RP_NAME: z.string().min(1).max(64).default('Sargs'),
  })
  .superRefine((env, ctx) => {
    if (env.SESSION_IDLE_TIMEOUT_MS > env.SESSION_ABSOLUTE_LIFETIME_MS) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_IDLE_TIMEOUT_MS'], message: 'must not exceed SESSION_ABSOLUTE_LIFETIME_MS' });
    }
    if (env.WEBAUTHN_RP_ID && URL.canParse(env.WEBAUTHN_ORIGIN)) {
      // The RP ID must be the origin's host or a parent of it (WebAuthn, "RP ID"), else no browser makes a passkey.
      const host = new URL(env.WEBAUTHN_ORIGIN).hostname;
      if (host !== env.WEBAUTHN_RP_ID && !host.endsWith(`.${env.WEBAUTHN_RP_ID}`)) {
        ctx.addIssue({ code: 'custom', path: ['WEBAUTHN_RP_ID'], message: 'must be the host name of WEBAUTHN_ORIGIN or a parent domain of it' });
      }
    }
    if (Boolean(env.SARGS_ADMIN_EMAIL) !== Boolean(env.SARGS_ADMIN_PASSWORD)) {
      const missing = env.SARGS_ADMIN_EMAIL ? 'SARGS_ADMIN_PASSWORD' : 'SARGS_ADMIN_EMAIL';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'must be set together with the other SARGS_ADMIN_ variable' });
    }
    if (env.SARGS_ADMIN_EMAIL && env.SARGS_ADMIN_PASSWORD) {
      // The first staff account obeys the same policy as everyone (docs/api.md): refuse to start otherwise.
      const email = emailField.safeParse(env.SARGS_ADMIN_EMAIL);
      if (!email.success) ctx.addIssue({ code: 'custom', path: ['SARGS_ADMIN_EMAIL'], message: 'must be an e-mail address' });
      const weakness = passwordProblem(env.SARGS_ADMIN_PASSWORD, { email: email.success ? email.data : env.SARGS_ADMIN_EMAIL, name: env.SARGS_ADMIN_NAME });
      if (weakness) ctx.addIssue({ code: 'custom', path: ['SARGS_ADMIN_PASSWORD'], message: `does not meet the password policy: it ${weakness}` });
    }
  });

export type AppConfig = z.infer<typeof appConfigSchema>;
