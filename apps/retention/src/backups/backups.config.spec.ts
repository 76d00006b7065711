import { generateBackupKeys } from '@sargs/devstack';
import { ConfigError } from '@sargs/platform/config';
import { loadRetentionConfig } from '../config/app-config.fixture';
import { backupStoreFor } from './backups.module';

const load = loadRetentionConfig;
const problemsOf = (env: Record<string, string>): string => {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return '';
};

describe('backups configuration (R14)', () => {
  it('is off without BACKUP_DATABASES, with a daily cycle and 30 days by default', () => {
    const config = load({});
    expect(config.BACKUP_DATABASES).toEqual([]);
    expect(config).toMatchObject({ BACKUP_DIR: '', BACKUP_INTERVAL_MS: 86_400_000, BACKUP_RETENTION_DAYS: 30, PG_DUMP_PATH: 'pg_dump' });
  });

  it('refuses to keep backups longer than 30 days, naming R14', () => {
    expect(problemsOf({ BACKUP_RETENTION_DAYS: '31' })).toContain('BACKUP_RETENTION_DAYS: must be at most 30: R14 keeps no backup longer than 30 days');
    expect(problemsOf({ BACKUP_RETENTION_DAYS: '0' })).toContain('BACKUP_RETENTION_DAYS');
    expect(problemsOf({ BACKUP_RETENTION_DAYS: '1.5' })).toContain('BACKUP_RETENTION_DAYS');
    expect(load({ BACKUP_RETENTION_DAYS: '30' }).BACKUP_RETENTION_DAYS).toBe(30);
  });

  it('reads name=url pairs', () => {
    const config = load({
      BACKUP_DATABASES: ' identity=postgres://sargs_backup:s%2Ccret@db:5432/sargs_identity , profile=postgresql://sargs_backup:x@db/sargs_profile?sslmode=require',
      BACKUP_DIR: '/var/backups',
    });
    expect(config.BACKUP_DATABASES).toEqual([
      { name: 'identity', url: 'postgres://sargs_backup:s%2Ccret@db:5432/sargs_identity' },
      { name: 'profile', url: 'postgresql://sargs_backup:x@db/sargs_profile?sslmode=require' },
    ]);
  });

  it('names a bad entry by its position, never echoing the URL (it holds a password)', () => {
    const message = problemsOf({ BACKUP_DATABASES: 'identity=postgres://sargs_backup:hunter22@db:5432/sargs_identity,profile=mysql://u:hunter22@db/p' });
    expect(message).toContain('BACKUP_DATABASES: entry 2 must be name=postgres://');
    expect(message).not.toContain('hunter22');
    expect(problemsOf({ BACKUP_DATABASES: 'a=postgres://u:p@h/a,a=postgres://u:p@h/b' })).toContain('names "a" twice');
    expect(problemsOf({ BACKUP_DATABASES: 'Bad Name=postgres://u:p@h/a' })).toContain('entry 1');
  });

  it('needs BACKUP_DIR when backups are on', () => {
    const config = load({ BACKUP_DATABASES: 'identity=postgres://u:p@h/sargs_identity' });
    expect(() => backupStoreFor(config)).toThrow('BACKUP_DIR: is required when BACKUP_DATABASES is set');
    expect(() => backupStoreFor(load({}))).not.toThrow();
  });

  it('needs an age recipient and an Ed25519 signing key when backups are on, naming neither value', () => {
    const on = { BACKUP_DATABASES: 'identity=postgres://u:p@h/sargs_identity', BACKUP_DIR: '/var/backups' };
    expect(() => backupStoreFor(load(on))).toThrow(/BACKUP_ENCRYPTION_RECIPIENT: is required[\s\S]*BACKUP_SIGNING_KEY: is required/u);
    const keys = generateBackupKeys();
    const config = load({ ...on, BACKUP_ENCRYPTION_RECIPIENT: keys.backupEncryptionRecipient, BACKUP_SIGNING_KEY: keys.backupSigningKey });
    expect(() => backupStoreFor(config)).not.toThrow();
    // The identity (private) is no recipient; an RSA or public key is no signing key.
    const wrong = problemsOf({ ...on, BACKUP_ENCRYPTION_RECIPIENT: keys.backupDecryptionIdentity, BACKUP_SIGNING_KEY: keys.backupSigningPublicKey });
    expect(wrong).toContain('BACKUP_ENCRYPTION_RECIPIENT: must be an age recipient');
    expect(wrong).toContain('BACKUP_SIGNING_KEY: must be an Ed25519 private key');
    expect(wrong).not.toContain(keys.backupDecryptionIdentity);
    expect(wrong).not.toContain(keys.backupSigningPublicKey);
  });
});
