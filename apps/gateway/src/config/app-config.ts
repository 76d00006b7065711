import { z } from 'zod';
import { envBase64Key, envHttpUrl, envLogLevel, envPort, envPositiveInt } from '@sargs/platform/config';

export const appConfigSchema = z
  .object({
    /** HTTPS port when TLS_MODE=self; the plain port behind a TLS ingress when TLS_MODE=ingress. */
    PORT: envPort(8443),
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
    SHUTDOWN_TIMEOUT_MS: envPositiveInt(10_000),
  })
  .superRefine((env, ctx) => {
    if (env.TLS_MODE !== 'self') return;
    for (const name of ['TLS_CERT_FILE', 'TLS_KEY_FILE'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when TLS_MODE=self' });
    }
  });

export type AppConfig = z.infer<typeof appConfigSchema>;
