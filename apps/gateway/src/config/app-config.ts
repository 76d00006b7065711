import { z } from 'zod';
import { envBase64Key, envBoolean, envHttpUrl, envLogLevel, envManagementPort, envPort, envPositiveInt } from '@sargs/platform/config';

const NON_NEGATIVE = 'must be a non-negative integer';

/** Like envPositiveInt, but 0 is meaningful (TRUST_PROXY=0: no proxy in front, trust no header). */
const envNonNegativeInt = (defaultValue: number) =>
  z.coerce.number({ invalid_type_error: NON_NEGATIVE }).int(NON_NEGATIVE).min(0, NON_NEGATIVE).default(defaultValue);

export const appConfigSchema = z
  .object({
    /** HTTPS port when TLS_MODE=self; the plain port behind a TLS ingress when TLS_MODE=ingress. */
    PORT: envPort(8443),
    MANAGEMENT_PORT: envManagementPort(),
    /** Plain HTTP that only redirects to HTTPS (R7); 0 turns it off. */
    HTTP_REDIRECT_PORT: envPort(8080, { allowZero: true }),
    TLS_MODE: z.enum(['self', 'ingress'], { errorMap: () => ({ message: 'must be self or ingress' }) }).default('self'),
    TLS_CERT_FILE: z.string().min(1).optional(),
    TLS_KEY_FILE: z.string().min(1).optional(),
    /** The origin browsers see, e.g. https://localhost:8443; redirects and the CSRF check use it. */
    PUBLIC_ORIGIN: envHttpUrl,
    LOG_LEVEL: envLogLevel,
    /** Ed25519 private key (base64 PKCS#8 DER) that signs internal assertions. */
    INTERNAL_ASSERTION_PRIVATE_KEY: envBase64Key(32),
    IDENTITY_URL: envHttpUrl,
    PROFILE_URL: envHttpUrl,
    CONSENT_URL: envHttpUrl,
    NOTIFICATIONS_URL: envHttpUrl,
    RETENTION_URL: envHttpUrl,
    ORGANIZATIONS_URL: envHttpUrl,
    CONTACTS_URL: envHttpUrl,
    SHUTDOWN_TIMEOUT_MS: envPositiveInt(10_000),
    /**
     * Proxies in front of the gateway whose X-Forwarded-For entries are believed (the ingress
     * controller: 1). 0 uses the socket's address and ignores the header, which anyone can forge.
     */
    TRUST_PROXY: envNonNegativeInt(0),
    /** Largest request body accepted (413 beyond); the public API takes small JSON documents only. */
    BODY_LIMIT_BYTES: envPositiveInt(65_536),
    /** Requests per client address per minute over all of /api/v1. */
    RATE_LIMIT_PER_MINUTE: envPositiveInt(600),
    /** Requests per client address per minute to each route marked sensitive (login, sign-up, reset). */
    RATE_LIMIT_SENSITIVE_PER_MINUTE: envPositiveInt(30),
    /** Time a service has to answer one forwarded request in full (504 beyond). */
    UPSTREAM_TIMEOUT_MS: envPositiveInt(5_000),
    /** Keep-alive connections the gateway opens at most to each service. */
    UPSTREAM_CONNECTIONS: envPositiveInt(32),
    /**
     * identity's session answers held for reuse at most (docs/performance.md); each is dropped the
     * moment identity's change feed reports a change to its account. 0 asks identity every time.
     */
    SESSION_CACHE_ENTRIES: envNonNegativeInt(50_000),
    /**
     * Members' roles (organisation, account) held for reuse on tenant routes at most
     * (docs/gateway.md, "Tenant routes"); each organisation's are dropped the moment
     * organizations' change feed reports a change to its members. 0 asks organizations every time.
     */
    MEMBERSHIP_CACHE_ENTRIES: envNonNegativeInt(50_000),
    /**
     * Public answers a service marks shareable (the policy documents) kept at most, each no longer
     * than its own max-age (docs/gateway.md, "Public answers"). 0 asks the service every time.
     */
    PUBLIC_ANSWER_CACHE_ENTRIES: envNonNegativeInt(256),
    /** Staff routes (/admin/*) refuse a session that has not given a second factor (docs/api.md). */
    STAFF_MFA_REQUIRED: envBoolean(true),
  })
  .superRefine((env, ctx) => {
    if (env.TLS_MODE !== 'self') return;
    for (const name of ['TLS_CERT_FILE', 'TLS_KEY_FILE'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when TLS_MODE=self' });
    }
  });

export type AppConfig = z.infer<typeof appConfigSchema>;
