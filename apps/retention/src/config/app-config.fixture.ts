import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { loadConfig } from '@sargs/platform/config';
import { appConfigSchema } from './app-config';

const { publicKey } = generateKeyPairSync('ed25519');

/** The variables every retention config needs, with valid throwaway values (for unit tests). */
export const BASE_RETENTION_ENV = {
  DATABASE_URL: 'postgres://sargs_retention:pw@127.0.0.1:54329/sargs_retention',
  KAFKA_BROKERS: '127.0.0.1:9092',
  INTERNAL_ASSERTION_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  PSEUDONYM_KEY: randomBytes(32).toString('base64'),
  CERTIFICATE_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
};

/** retention's config from the base variables plus `env` (throws ConfigError like the app does). */
export const loadRetentionConfig = (env: Record<string, string>) => loadConfig(appConfigSchema, { ...BASE_RETENTION_ENV, ...env });
