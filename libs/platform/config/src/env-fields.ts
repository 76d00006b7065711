import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Field types for environment schemas, so every app reads variables the same way. */

const PORT_MESSAGE = 'must be a TCP port (1-65535)';

/** A TCP port; `allowZero` for optional listeners that 0 turns off. */
export const envPort = (defaultPort: number, { allowZero = false } = {}) =>
  z.coerce
    .number({ invalid_type_error: allowZero ? 'must be a TCP port (1-65535) or 0' : PORT_MESSAGE })
    .int(PORT_MESSAGE)
    .min(allowZero ? 0 : 1, PORT_MESSAGE)
    .max(65535, PORT_MESSAGE)
    .default(defaultPort);

/**
 * MANAGEMENT_PORT: where an app serves /healthz, /readyz and /metrics, apart from its own port.
 * The same in every app's container (9464, the usual Prometheus exporter port); apps that share a
 * host (the local stack, tests) are given one each.
 */
export const envManagementPort = () => envPort(9464);

export const envPositiveInt = (defaultValue: number) =>
  z.coerce
    .number({ invalid_type_error: 'must be a positive integer' })
    .int('must be a positive integer')
    .positive('must be a positive integer')
    .default(defaultValue);

export const envBoolean = (defaultValue: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { errorMap: () => ({ message: 'must be true or false' }) })
    .default(defaultValue ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

export const envLogLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    errorMap: () => ({ message: 'must be one of fatal, error, warn, info, debug, trace, silent' }),
  })
  .default('info');

export const envHttpUrl = z
  .string({ required_error: 'is required but not set' })
  .url('must be an http(s) URL')
  .refine((v) => /^https?:\/\//.test(v), 'must be an http(s) URL')
  .transform((v) => v.replace(/\/+$/, ''));

export const envPostgresUrl = z
  .string({ required_error: 'is required but not set' })
  .refine((v) => /^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(v), 'must be a postgres:// URL that names a database');

/**
 * A PEM file of trusted CA certificates (a path), read at boot: a missing, unreadable or non-PEM
 * file stops the app with the variable's name. The value is the file's content.
 */
export const envCaFile = z
  .string()
  .min(1, 'must be a path to a PEM file')
  .transform((file, ctx) => {
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a readable PEM file of CA certificates' });
      return z.NEVER;
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a PEM file of CA certificates' });
      return z.NEVER;
    }
    return pem;
  });

export const envKafkaBrokers = z
  .string({ required_error: 'is required but not set' })
  .refine(
    (v) => v.split(',').every((b) => /^[A-Za-z0-9.-]+:\d{1,5}$/.test(b.trim())),
    'must be a comma-separated list of host:port',
  )
  .transform((v) => v.split(',').map((b) => b.trim()));

/** A key given as base64; `minBytes` guards against a truncated or placeholder value. */
export const envBase64Key = (minBytes: number) =>
  z
    .string({ required_error: 'is required but not set' })
    .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length >= minBytes, {
      message: `must be base64 of at least ${minBytes} bytes`,
    })
    .transform((v) => Buffer.from(v, 'base64'));

/**
 * Earlier keys kept for a rotation, comma-separated base64 (each like envBase64Key); empty or
 * unset: none. Values they made keep verifying or opening; nothing new is made with them.
 */
export const envBase64KeyList = (minBytes: number) =>
  z
    .string()
    .default('')
    .transform((v) => v.split(',').map((k) => k.trim()).filter(Boolean))
    .refine((keys) => keys.every((k) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(k) && Buffer.from(k, 'base64').length >= minBytes), {
      message: `must be a comma-separated list of base64 keys of at least ${minBytes} bytes each`,
    })
    .transform((keys) => keys.map((k) => Buffer.from(k, 'base64')));
