import { X509Certificate, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SARGS_SERVICES, assertPortsFree, ensureDevCertificate, ensureDevSecrets, findFreePort, gatewayEnv, generateAppKeys, generateBackupKeys, serviceEnv } from '../src';

describe('local stack files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'sargs-devstack-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes dev secrets once (mode 0600), with an Ed25519 pair that signs and verifies, and reuses them', () => {
    const file = path.join(dir, 'secrets.json');
    const first = ensureDevSecrets(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureDevSecrets(file)).toEqual(first);
    const privateKey = createPrivateKey({ key: Buffer.from(first.assertionPrivateKey, 'base64'), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey({ key: Buffer.from(first.assertionPublicKey, 'base64'), format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from('x'), publicKey, sign(null, Buffer.from('x'), privateKey))).toBe(true);
    expect(Buffer.from(first.pseudonymKey, 'base64')).toHaveLength(32);
    expect(Buffer.from(first.secretSealingKey, 'base64')).toHaveLength(32);
    expect(Buffer.from(first.unsubscribeTokenKey, 'base64')).toHaveLength(32);
    expect(createPrivateKey({ key: Buffer.from(first.certificateSigningKey, 'base64'), format: 'der', type: 'pkcs8' }).asymmetricKeyType).toBe('ed25519');
    expect(first.certificateSigningKey).not.toBe(first.assertionPrivateKey);
    expect(Object.keys(first.databasePasswords).sort()).toEqual([...SARGS_SERVICES].sort());
  });

  it('completes a secrets file written before a key or service existed, keeping what it holds', () => {
    const file = path.join(dir, 'secrets.json');
    const { secretSealingKey: _, unsubscribeTokenKey: ___, backupDatabasePassword: ____, certificateSigningKey: _____, databasePasswords, ...older } = ensureDevSecrets(file);
    const { retention: __, ...olderPasswords } = databasePasswords;
    writeFileSync(file, JSON.stringify({ ...older, databasePasswords: olderPasswords }), { mode: 0o600 });
    const completed = ensureDevSecrets(file);
    expect(completed).toMatchObject({ ...older, databasePasswords: olderPasswords });
    expect(Buffer.from(completed.secretSealingKey, 'base64')).toHaveLength(32);
    expect(Buffer.from(completed.unsubscribeTokenKey, 'base64')).toHaveLength(32);
    expect(completed.databasePasswords.retention).toEqual(expect.any(String));
    expect(completed.backupDatabasePassword).toEqual(expect.any(String));
    expect(completed.certificateSigningKey).toEqual(expect.any(String));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(completed);
  });

  it('makes the backup keys as matching pairs: an age recipient and its identity, an Ed25519 signing pair', async () => {
    const file = path.join(dir, 'secrets.json');
    const { backupEncryptionRecipient: _, backupDecryptionIdentity: __, backupSigningKey: ___, backupSigningPublicKey: ____, ...older } = ensureDevSecrets(file);
    writeFileSync(file, JSON.stringify(older), { mode: 0o600 });
    const keys = ensureDevSecrets(file);
    expect(keys).toMatchObject(older);
    const age = await import('age-encryption');
    expect(await age.identityToRecipient(keys.backupDecryptionIdentity)).toBe(keys.backupEncryptionRecipient);
    const signingKey = createPrivateKey({ key: Buffer.from(keys.backupSigningKey, 'base64'), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey({ key: Buffer.from(keys.backupSigningPublicKey, 'base64'), format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from('m'), publicKey, sign(null, Buffer.from('m'), signingKey))).toBe(true);
    expect(ensureDevSecrets(file)).toEqual(keys);
  });

  it('makes a localhost certificate once and reuses it', () => {
    const first = ensureDevCertificate(dir);
    const cert = new X509Certificate(readFileSync(first.certFile));
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(statSync(first.keyFile).mode & 0o777).toBe(0o600);
    const again = ensureDevCertificate(dir);
    expect(readFileSync(again.certFile, 'utf8')).toBe(readFileSync(first.certFile, 'utf8'));
  });

  it('builds each app environment from the infrastructure', () => {
    const secrets = ensureDevSecrets(path.join(dir, 'secrets.json'));
    const env = serviceEnv('notifications', { databaseUrl: 'postgres://u:p@127.0.0.1:54329/sargs_notifications', kafkaBrokers: ['127.0.0.1:9092'], secrets, smtpUrl: 'smtp://127.0.0.1:1025' });
    expect(env).toMatchObject({
      PORT: '3104',
      KAFKA_BROKERS: '127.0.0.1:9092',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      INTERNAL_ASSERTION_PUBLIC_KEY: secrets.assertionPublicKey,
      // Links point at the gateway; tokens opened with identity's key, unsubscribe links signed with consent's.
      PUBLIC_ORIGIN: 'https://localhost:8443',
      SECRET_SEALING_KEY: secrets.secretSealingKey,
      UNSUBSCRIBE_TOKEN_KEY: secrets.unsubscribeTokenKey,
    });
    const identityInput = { databaseUrl: 'postgres://u:p@127.0.0.1:54329/sargs_identity', kafkaBrokers: ['127.0.0.1:9092'], secrets, smtpUrl: 'smtp://127.0.0.1:1025' };
    const identity = serviceEnv('identity', identityInput);
    expect(identity).toMatchObject({ PORT: '3101', SECRET_SEALING_KEY: secrets.secretSealingKey, PSEUDONYM_KEY: secrets.pseudonymKey });
    expect(Object.keys(identity).filter((name) => name.startsWith('SARGS_ADMIN_') || name === 'SMTP_URL')).toEqual([]);
    expect(serviceEnv('identity', { ...identityInput, admin: { email: '', password: undefined } })).not.toHaveProperty('SARGS_ADMIN_EMAIL');
    expect(serviceEnv('identity', { ...identityInput, admin: { email: 'admin@example.org', password: 'long enough secret' } })).toMatchObject({
      SARGS_ADMIN_EMAIL: 'admin@example.org',
      SARGS_ADMIN_PASSWORD: 'long enough secret',
    });
    const consent = serviceEnv('consent', { ...identityInput, databaseUrl: 'postgres://u:p@127.0.0.1:54329/sargs_consent' });
    expect(consent).toMatchObject({ PORT: '3103', UNSUBSCRIBE_TOKEN_KEY: secrets.unsubscribeTokenKey });
    expect(existsSync(path.join(consent.POLICY_SEED_DIR, '2026-11-25', 'lv.md'))).toBe(true);
    expect(identity).not.toHaveProperty('UNSUBSCRIBE_TOKEN_KEY');
    // retention backs up every service database with the read-only backup role, into .data/backups.
    const retention = serviceEnv('retention', { ...identityInput, databaseUrl: 'postgres://sargs_retention:p@127.0.0.1:54329/sargs_retention' });
    expect(retention.BACKUP_DATABASES.split(',')).toEqual(
      SARGS_SERVICES.map((s) => `${s}=postgres://sargs_backup:${encodeURIComponent(secrets.backupDatabasePassword)}@127.0.0.1:54329/sargs_${s}`),
    );
    // Encrypted to the recipient and signed; retention never gets the identity nor the public key.
    expect(retention).toMatchObject({ BACKUP_ENCRYPTION_RECIPIENT: secrets.backupEncryptionRecipient, BACKUP_SIGNING_KEY: secrets.backupSigningKey });
    expect(Object.values(retention)).not.toContain(secrets.backupDecryptionIdentity);
    expect(retention.BACKUP_DIR).toBe(path.resolve(__dirname, '../../..', '.data', 'backups'));
    expect(identity).not.toHaveProperty('BACKUP_DATABASES');
    // Only retention holds the certificate signing key.
    expect(retention.CERTIFICATE_SIGNING_KEY).toBe(secrets.certificateSigningKey);
    expect(identity).not.toHaveProperty('CERTIFICATE_SIGNING_KEY');
    const gateway = gatewayEnv({ certificate: { certFile: 'c.pem', keyFile: 'k.pem' }, secrets });
    expect(gateway).toMatchObject({ PORT: '8443', HTTP_REDIRECT_PORT: '8080', TLS_MODE: 'self', RETENTION_URL: 'http://127.0.0.1:3105', PUBLIC_ORIGIN: 'https://localhost:8443' });
  });

  it('builds the same environments on other ports for a test stack or the bench', () => {
    const keys = generateAppKeys();
    const input = { databaseUrl: 'postgres://u:p@127.0.0.1:5/sargs_retention', kafkaBrokers: '127.0.0.1:9', secrets: keys, smtpUrl: 'smtp://127.0.0.1:25', port: 40001, managementPort: 40002 };
    // No backup password: the local default cannot be built, so a stack must say what it wants.
    expect(() => serviceEnv('retention', input)).toThrow(/backupDatabasePassword/);
    expect(serviceEnv('retention', { ...input, participants: ['identity', 'profile'], backups: 'off' })).toMatchObject({
      PORT: '40001',
      MANAGEMENT_PORT: '40002',
      KAFKA_BROKERS: '127.0.0.1:9',
      PRIVACY_PARTICIPANTS: 'identity,profile',
      BACKUP_DATABASES: '',
      BACKUP_DIR: '',
    });
    // Backups on: only with the keys that encrypt and sign them.
    const backups = { databases: 'identity=postgres://b@h/db', dir: '/tmp/b' };
    expect(() => serviceEnv('retention', { ...input, backups })).toThrow(/backupEncryptionRecipient/);
    const backupKeys = generateBackupKeys();
    expect(serviceEnv('retention', { ...input, secrets: { ...keys, ...backupKeys }, backups })).toMatchObject({
      BACKUP_DATABASES: 'identity=postgres://b@h/db',
      BACKUP_DIR: '/tmp/b',
      BACKUP_ENCRYPTION_RECIPIENT: backupKeys.backupEncryptionRecipient,
      BACKUP_SIGNING_KEY: backupKeys.backupSigningKey,
    });
    expect(serviceEnv('notifications', { ...input, publicOrigin: 'https://localhost:40000' }).PUBLIC_ORIGIN).toBe('https://localhost:40000');
    const gateway = gatewayEnv({ certificate: { certFile: 'c.pem', keyFile: 'k.pem' }, secrets: keys, port: 40000, redirectPort: 0, managementPort: 40003, serviceUrls: { identity: 'http://127.0.0.1:41000' }, missingServiceUrl: 'http://127.0.0.1:1' });
    expect(gateway).toMatchObject({ PORT: '40000', HTTP_REDIRECT_PORT: '0', MANAGEMENT_PORT: '40003', PUBLIC_ORIGIN: 'https://localhost:40000', IDENTITY_URL: 'http://127.0.0.1:41000', RETENTION_URL: 'http://127.0.0.1:1' });
    // Every service of the registry has its URL, its database password and a place on the local stack.
    expect(Object.keys(gateway).filter((k) => k.endsWith('_URL')).sort()).toEqual(SARGS_SERVICES.map((s) => `${s.toUpperCase()}_URL`).sort());
  });
});

describe('assertPortsFree', () => {
  it('names the taken port and what it was for', async () => {
    const port = await findFreePort();
    const holder = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    try {
      await expect(assertPortsFree([{ port, name: 'PostgreSQL', override: 'DATABASE_URL' }])).rejects.toThrow(
        `Port ${port} (PostgreSQL) is already in use; stop what holds it or set DATABASE_URL`,
      );
    } finally {
      holder.close();
    }
    await expect(assertPortsFree([{ port, name: 'PostgreSQL' }])).resolves.toBeUndefined();
  });
});
