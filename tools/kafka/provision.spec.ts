import { SARGS_SERVICES, TOPIC_SPECS } from '@sargs/contracts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseProvisionArguments, provisioningReport, UsageError } from './provision';

const PASSWORD = 'pw-7f3a9c1e5b';
const ADMIN = { KAFKA_BROKERS: 'k1:9092, k2:9092', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'sargs-admin', KAFKA_SASL_PASSWORD: PASSWORD };
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const dir = mkdtempSync(path.join(tmpdir(), 'sargs-provision-'));
const CA_FILE = path.join(dir, 'ca.crt');
writeFileSync(CA_FILE, PEM);
const NOT_A_CA = path.join(dir, 'not-a-ca.txt');
writeFileSync(NOT_A_CA, 'not a certificate');

/** The UsageError a parse throws (failing when it throws nothing or something else). */
function usageError(argv: readonly string[], env: NodeJS.ProcessEnv): UsageError {
  try {
    parseProvisionArguments(argv, env);
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error('no UsageError');
}

describe('kafka:provision command line', () => {
  it('takes the brokers and the admin principal from the environment (the apps’ own Kafka variables): replication 1/1, ACLs, no TLS by default', () => {
    expect(parseProvisionArguments([], ADMIN)).toEqual({
      access: { brokers: ['k1:9092', 'k2:9092'], credentials: { username: 'sargs-admin', password: PASSWORD } },
      replication: { replicationFactor: 1, minInsyncReplicas: 1 },
      acls: true,
    });
  });

  it('takes the replication, TLS with or without a CA file (read into the access), and --no-acls', () => {
    expect(parseProvisionArguments([], { ...ADMIN, KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2', KAFKA_SSL: 'verify-full', KAFKA_SSL_CA_FILE: CA_FILE })).toMatchObject({
      access: { tls: { ca: PEM } },
      caFile: CA_FILE,
      replication: { replicationFactor: 3, minInsyncReplicas: 2 },
      acls: true,
    });
    expect(parseProvisionArguments([], { ...ADMIN, KAFKA_SSL: 'verify-full' }).access.tls).toEqual({});
    expect(parseProvisionArguments([], { ...ADMIN, KAFKA_SSL: 'off' }).access.tls).toBeUndefined();
    // A broker without authentication: topics only.
    expect(parseProvisionArguments(['--no-acls'], { KAFKA_BROKERS: 'k:9092' })).toEqual({
      access: { brokers: ['k:9092'] },
      replication: { replicationFactor: 1, minInsyncReplicas: 1 },
      acls: false,
    });
  });

  it('treats an empty variable as unset (compose passes empty values)', () => {
    expect(parseProvisionArguments(['--no-acls'], { KAFKA_BROKERS: 'k:9092', KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '', KAFKA_SSL: '', KAFKA_REPLICATION_FACTOR: '' })).toMatchObject({
      replication: { replicationFactor: 1, minInsyncReplicas: 1 },
    });
  });

  it.each([
    ['no brokers', [], { ...ADMIN, KAFKA_BROKERS: undefined }, 'KAFKA_BROKERS: is required but not set'],
    ['malformed brokers', [], { ...ADMIN, KAFKA_BROKERS: 'kafka' }, 'KAFKA_BROKERS: must be a comma-separated list of host:port'],
    ['a user without a password', [], { ...ADMIN, KAFKA_SASL_PASSWORD: undefined }, 'both are required'],
    ['a password without a user', [], { ...ADMIN, KAFKA_SASL_USERNAME: undefined }, 'both are required'],
    ['ACLs without authentication', [], { KAFKA_BROKERS: 'k:9092' }, '--no-acls for a broker without'],
    ['an unknown KAFKA_SSL', [], { ...ADMIN, KAFKA_SSL: 'require' }, 'KAFKA_SSL: must be off or verify-full'],
    ['a CA file it cannot read', [], { ...ADMIN, KAFKA_SSL: 'verify-full', KAFKA_SSL_CA_FILE: path.join(dir, 'missing.crt') }, 'KAFKA_SSL_CA_FILE: must be a readable PEM file'],
    ['a CA file without a certificate', [], { ...ADMIN, KAFKA_SSL: 'verify-full', KAFKA_SSL_CA_FILE: NOT_A_CA }, 'KAFKA_SSL_CA_FILE: must be a PEM file'],
    ['a replication factor of 0', [], { ...ADMIN, KAFKA_REPLICATION_FACTOR: '0' }, 'KAFKA_REPLICATION_FACTOR'],
    ['a fractional min.insync.replicas', [], { ...ADMIN, KAFKA_MIN_INSYNC_REPLICAS: '1.5' }, 'KAFKA_MIN_INSYNC_REPLICAS'],
    ['more in-sync copies than copies', [], { ...ADMIN, KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '3' }, 'cannot exceed'],
    ['an unknown option', ['--force'], ADMIN, 'unknown option --force'],
    ['an unknown option with a value', [`--password=${PASSWORD}`], ADMIN, 'unknown option --password'],
    ['a positional argument', ['identity'], ADMIN, 'the settings come from the environment'],
  ] as const)('refuses %s, never echoing the password', (_, argv, env, message) => {
    const error = usageError(argv, env);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain(PASSWORD);
  });

  it('reports what it did: the principal, the topics, every service principal, never the password', () => {
    const report = provisioningReport(parseProvisionArguments([], { ...ADMIN, KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2' })).join('\n');
    expect(report).toContain('as sargs-admin');
    expect(report).toContain(`${TOPIC_SPECS.length * 2} topics`);
    expect(report).toContain('replication factor 3');
    expect(report).toContain('min.insync.replicas=2');
    for (const service of SARGS_SERVICES) expect(report).toContain(`sargs-${service}: write `);
    expect(report).not.toContain(PASSWORD);
    expect(provisioningReport(parseProvisionArguments(['--no-acls'], ADMIN)).join('\n')).toContain('ACLs: left alone (--no-acls)');
  });
});
