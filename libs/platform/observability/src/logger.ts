import pino, { type Logger } from 'pino';
import { currentCorrelationId } from './correlation-context';

/**
 * Keys whose values never reach a log line, at any depth we log: credentials, tokens and the
 * personal data Sargs holds (R4, "Security is the product").
 */
const SENSITIVE_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'authorization',
  'cookie',
  'set-cookie',
  'x-sargs-assertion',
  'email',
  'newEmail',
  'name',
  'payload',
  'DATABASE_URL',
];

const REDACT_PATHS = SENSITIVE_KEYS.flatMap((key) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const dot = k.startsWith('[') ? k : `.${k}`;
  return [k, `*${dot}`, `*.*${dot}`, `req.headers${dot}`, `res.headers${dot}`];
});

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Defaults to stdout. */
  destination?: pino.DestinationStream;
}

export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  return pino(
    {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination(1),
  );
}

export type { Logger };
