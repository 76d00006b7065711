import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SARGS_SERVICES } from '@sargs/contracts';
import { generateBackupKeys } from '@sargs/devstack';
import { signingKeyIdOf } from '../../apps/retention/src/backups/backup-signature';
import { backupKeysOf, parseArguments } from './restore';

const ID = '0b6c1f4e-8f0a-4c55-9d61-2f6d7a1c9e11';

describe('restore command line', () => {
  it('takes the store, the backup and name=owner-url pairs, Kafka from the environment or a flag', () => {
    const args = parseArguments(['/b', ID, 'identity=postgres://sargs_identity:pw@db:5432/sargs_identity', 'profile=postgres://o:p@db/sargs_profile'], { KAFKA_BROKERS: 'k1:9092, k2:9092' });
    expect(args).toMatchObject({
      mode: 'explicit',
      backupDir: '/b',
      backupId: ID,
      targets: [
        { name: 'identity', url: 'postgres://sargs_identity:pw@db:5432/sargs_identity' },
        { name: 'profile', url: 'postgres://o:p@db/sargs_profile' },
      ],
      kafka: { brokers: ['k1:9092', 'k2:9092'] },
      replayMarginMinutes: 60,
      pgRestorePath: 'pg_restore',
    });
    expect(parseArguments(['/b', ID, 'identity=postgres://o:p@db/x', '--kafka-brokers=k:1', '--replay-margin-minutes', '0', '--pg-restore', '/usr/bin/pg_restore'], {})).toMatchObject({
      kafka: { brokers: ['k:1'] },
      replayMarginMinutes: 0,
      pgRestorePath: '/usr/bin/pg_restore',
    });
  });

  it('restores the local stack from a backup id alone, every service database or those named', () => {
    expect(parseArguments([ID.toUpperCase()], {})).toMatchObject({ mode: 'local-stack', backupId: ID, databases: [...SARGS_SERVICES] });
    expect(parseArguments([ID, '--databases', 'profile,consent', '--data-dir', '/tmp/d'], {})).toMatchObject({ mode: 'local-stack', databases: ['profile', 'consent'], dataDir: '/tmp/d' });
    expect(() => parseArguments([ID, '--databases', 'profile,billing'], {})).toThrow('(not billing)');
    expect(() => parseArguments(['/b', ID, 'a=postgres://o:p@h/a', '--databases', 'a'], { KAFKA_BROKERS: 'k:1' })).toThrow('are for the local stack');
  });

  it('refuses what it cannot use, without echoing a URL', () => {
    expect(() => parseArguments(['/b', ID], { KAFKA_BROKERS: 'k:1' })).toThrow('at least one name=url');
    expect(() => parseArguments(['latest'], {})).toThrow('is not a backup id');
    expect(() => parseArguments(['/b', 'latest', 'a=postgres://o:p@h/a'], { KAFKA_BROKERS: 'k:1' })).toThrow('is not a backup id');
    expect(() => parseArguments(['/b', ID, 'a=postgres://o:p@h/a'], {})).toThrow('give --kafka-brokers or KAFKA_BROKERS');
    expect(() => parseArguments(['/b', ID, 'a=postgres://o:p@h/a', 'a=postgres://o:p@h/b'], { KAFKA_BROKERS: 'k:1' })).toThrow('a is named twice');
    expect(() => parseArguments(['/b', ID, 'a=mysql://o:secret@h/a'], { KAFKA_BROKERS: 'k:1' })).toThrow(/^database 1 must be name=postgres/u);
    expect(() => parseArguments(['/b', ID, 'a=postgres://o:p@h/a', '--force'], { KAFKA_BROKERS: 'k:1' })).toThrow('unknown option --force');
  });

  it('takes the signing public key and the age identity from a file or the environment, never the identity as an argument', () => {
    const keys = generateBackupKeys();
    const dir = mkdtempSync(path.join(tmpdir(), 'sargs-restore-keys-'));
    try {
      const file = path.join(dir, 'identity.txt');
      writeFileSync(file, `# created: by age-keygen\n# public key: ${keys.backupEncryptionRecipient}\n${keys.backupDecryptionIdentity}\n`, { mode: 0o600 });
      const args = parseArguments(['/b', ID, 'a=postgres://o:p@h/a', '--signing-public-key', keys.backupSigningPublicKey, '--identity-file', file], { KAFKA_BROKERS: 'k:1' });
      const resolved = backupKeysOf(args.keys);
      expect(resolved.identity).toBe(keys.backupDecryptionIdentity);
      expect(signingKeyIdOf(resolved.signingPublicKey)).toBe(signingKeyIdOf(backupKeysOf({ signingPublicKey: keys.backupSigningPublicKey, identity: keys.backupDecryptionIdentity }).signingPublicKey));
      const fromEnv = parseArguments(['/b', ID, 'a=postgres://o:p@h/a'], { KAFKA_BROKERS: 'k:1', BACKUP_SIGNING_PUBLIC_KEY: keys.backupSigningPublicKey, BACKUP_DECRYPTION_IDENTITY: keys.backupDecryptionIdentity });
      expect(backupKeysOf(fromEnv.keys).identity).toBe(keys.backupDecryptionIdentity);
      // The local stack falls back on its dev secrets.
      expect(backupKeysOf({}, keys).identity).toBe(keys.backupDecryptionIdentity);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => backupKeysOf({ identity: keys.backupDecryptionIdentity })).toThrow('give --signing-public-key or BACKUP_SIGNING_PUBLIC_KEY');
    expect(() => backupKeysOf({ signingPublicKey: keys.backupSigningPublicKey })).toThrow('give --identity-file');
    expect(() => backupKeysOf({ signingPublicKey: keys.backupSigningKey, identity: keys.backupDecryptionIdentity })).toThrow('must be an Ed25519 public key');
    expect(() => parseArguments(['/b', ID, 'a=postgres://o:p@h/a', '--identity', keys.backupDecryptionIdentity], { KAFKA_BROKERS: 'k:1' })).toThrow('unknown option --identity');
  });
});
