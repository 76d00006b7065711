import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '@sargs/platform/config';
import { appConfigSchema } from './app-config';

const base = {
  DATABASE_URL: 'postgres://identity@127.0.0.1:5432/identity',
  KAFKA_BROKERS: '127.0.0.1:9092',
  INTERNAL_ASSERTION_PUBLIC_KEY: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  PSEUDONYM_KEY: randomBytes(32).toString('base64'),
  SECRET_SEALING_KEY: randomBytes(32).toString('base64'),
  WEBAUTHN_ORIGIN: 'https://sargs.example.com',
};

function failure(env: Record<string, string>): string {
  try {
    loadConfig(appConfigSchema, { ...base, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('configuration was accepted');
}

describe('identity configuration', () => {
  it('keeps argon2id at or above OWASP’s minimum', () => {
    expect(loadConfig(appConfigSchema, base)).toMatchObject({ ARGON2_MEMORY_KIB: 19_456, ARGON2_TIME_COST: 2, ARGON2_PARALLELISM: 1 });
    expect(failure({ ARGON2_MEMORY_KIB: '8192' })).toContain('ARGON2_MEMORY_KIB: must be at least 19456');
    expect(failure({ ARGON2_TIME_COST: '1' })).toContain('ARGON2_TIME_COST: must be at least 2');
  });

  it('stops on a staff password that fails the policy, naming the variable but not the value', () => {
    const message = failure({ SARGS_ADMIN_EMAIL: 'admin@example.test', SARGS_ADMIN_PASSWORD: 'password1234' });
    expect(message).toContain('SARGS_ADMIN_PASSWORD: does not meet the password policy');
    expect(message).not.toContain('password1234');
    expect(failure({ SARGS_ADMIN_EMAIL: 'admin@example.test' })).toContain('SARGS_ADMIN_PASSWORD: must be set together');
    expect(loadConfig(appConfigSchema, { ...base, SARGS_ADMIN_EMAIL: 'admin@example.test', SARGS_ADMIN_PASSWORD: 'staff tilts pār daugavu 9' })).toMatchObject({
      SARGS_ADMIN_EMAIL: 'admin@example.test',
    });
  });

  it('refuses an idle timeout longer than the session lifetime', () => {
    expect(failure({ SESSION_IDLE_TIMEOUT_MS: '7200000', SESSION_ABSOLUTE_LIFETIME_MS: '3600000' })).toContain('SESSION_IDLE_TIMEOUT_MS');
  });
});
