import { z } from 'zod';
import { envBase64Key, envKafkaBrokers, envPort, envPostgresUrl } from './env-fields';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

const schema = z.object({
  PORT: envPort(3000),
  DATABASE_URL: envPostgresUrl,
  KAFKA_BROKERS: envKafkaBrokers,
  KEY: envBase64Key(32),
});

const valid = {
  DATABASE_URL: 'postgres://u:p@db:5432/sargs_identity',
  KAFKA_BROKERS: 'k1:9092, k2:9092',
  KEY: Buffer.alloc(32, 7).toString('base64'),
};

describe('loadConfig', () => {
  it('parses and applies defaults', () => {
    const config = loadConfig(schema, valid);
    expect(config.PORT).toBe(3000);
    expect(config.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9092']);
    expect(config.KEY).toHaveLength(32);
  });

  it('names every missing variable', () => {
    expect(() => loadConfig(schema, {})).toThrow(ConfigError);
    try {
      loadConfig(schema, { KEY: valid.KEY });
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        'DATABASE_URL: is required but not set',
        'KAFKA_BROKERS: is required but not set',
      ]);
    }
  });

  it('names malformed variables without echoing their values', () => {
    const secret = 'postgres-password-hunter2';
    let message = '';
    try {
      loadConfig(schema, { ...valid, PORT: '99999', DATABASE_URL: secret, KAFKA_BROKERS: 'nohost', KEY: 'c2hvcnQ=' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('PORT: must be a TCP port');
    expect(message).toContain('DATABASE_URL: must be a postgres:// URL');
    expect(message).toContain('KAFKA_BROKERS: must be a comma-separated list of host:port');
    expect(message).toContain('KEY: must be base64 of at least 32 bytes');
    expect(message).not.toContain(secret);
  });
});
