import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@sargs/platform/config';
import { kafkaAccessOf, kafkaConfigSchema } from './kafka-config';

const config = (env: Record<string, string>) => loadConfig(kafkaConfigSchema, { KAFKA_BROKERS: 'k1:9093,k2:9093', ...env });

describe('Kafka access from the configuration (every app, kafka:provision, restore)', () => {
  it('authenticates with SCRAM-SHA-512 as its principal, over TLS checked against the CA file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sargs-kafka-ca-'));
    const ca = `-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n`;
    writeFileSync(path.join(dir, 'ca.crt'), ca);
    const access = kafkaAccessOf(
      config({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'sargs-profile', KAFKA_SASL_PASSWORD: 's3cret', KAFKA_SSL: 'verify-full', KAFKA_SSL_CA_FILE: path.join(dir, 'ca.crt') }),
    );
    expect(access).toEqual({ brokers: ['k1:9093', 'k2:9093'], credentials: { username: 'sargs-profile', password: 's3cret' }, tls: { ca } });
  });

  it('connects without credentials or TLS only when told to (the defaults: none and off); TLS without a CA file trusts the system’s CAs', () => {
    expect(kafkaAccessOf(config({}))).toEqual({ brokers: ['k1:9093', 'k2:9093'] });
    expect(kafkaAccessOf(config({ KAFKA_SSL: 'verify-full' }))).toEqual({ brokers: ['k1:9093', 'k2:9093'], tls: {} });
  });

  it('refuses SCRAM without both credentials, and an unknown mechanism, naming the variables', () => {
    expect(() => kafkaAccessOf(config({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'sargs-profile' }))).toThrow(/KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/);
    expect(() => config({ KAFKA_SASL_MECHANISM: 'plain' })).toThrow(/KAFKA_SASL_MECHANISM: must be none or scram-sha-512/);
    expect(() => config({ KAFKA_SSL: 'on' })).toThrow(/KAFKA_SSL: must be off or verify-full/);
  });
});
