import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateBackupKeys } from '@sargs/devstack';
import { createLogger } from '@sargs/platform/observability';
import { AuditRecorder } from '@sargs/platform/service';
import { createReadOnlyRole, createTestDatabase, startTestService, testKafkaAccess, withDatabase, type TestDatabase, type TestReadOnlyRole, type TestService } from '@sargs/testing';
import { BackupJob } from '../../apps/retention/src/backups/backup-job';
import { signManifest } from '../../apps/retention/src/backups/backup-signature';
import { DirectoryBackupStore } from '../../apps/retention/src/backups/backup-store';
import { BackupRepository } from '../../apps/retention/src/backups/backup.repository';
import { BACKUPS_ENTITIES, BACKUPS_MIGRATIONS } from '../../apps/retention/src/backups/backups.schema';
import type { AppConfig } from '../../apps/retention/src/config/app-config';
import { RestorePreconditionError, restoreBackup } from './restore-backup';
import { backupKeysOf } from './restore';

const PG_DUMP = existsSync('/usr/bin/pg_dump') ? '/usr/bin/pg_dump' : 'pg_dump';
const PG_RESTORE = existsSync('/usr/bin/pg_restore') ? '/usr/bin/pg_restore' : 'pg_restore';

/** Every row of every table, as text: what a restore would change. */
const digest = (url: string): Promise<string> =>
  withDatabase(url, async (pg) => {
    const tables = await pg.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    const parts: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await pg.query<{ t: string }>(`SELECT t::text AS t FROM ${pg.escapeIdentifier(name)} t ORDER BY 1`);
      parts.push(`${name}: ${rows.rows.map((r) => r.t).join(' | ')}`);
    }
    return parts.join('\n');
  });

/**
 * The restore tool trusts only a backup set signed by the given key, unaltered, whose dumps match
 * it and open with the given identity; anything else is refused before any database or consumer
 * group is touched (docs/retention.md, "Backups and restore").
 */
describe('restore: a backup set is verified before anything changes', () => {
  let retention: TestService;
  let retentionDb: TestDatabase;
  let source: TestDatabase;
  let target: TestDatabase;
  let role: TestReadOnlyRole;
  let dir: string;
  let backupId: string;
  const keys = generateBackupKeys();
  const name = `v${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    [retentionDb, source, target] = await Promise.all([createTestDatabase('verify_retention'), createTestDatabase('verify_source'), createTestDatabase('verify_target')]);
    role = await createReadOnlyRole('verify_backup');
    await withDatabase(source.url, (pg) => pg.query(`CREATE TABLE sample (id int PRIMARY KEY, name text); INSERT INTO sample VALUES (1, 'Ausma Ozola')`));
    await withDatabase(target.url, (pg) => pg.query(`CREATE TABLE sample (id int PRIMARY KEY, name text); INSERT INTO sample VALUES (2, 'since the backup')`));
    retention = await startTestService({ name: `verify-${name}`, databaseUrl: retentionDb.url, entities: BACKUPS_ENTITIES, migrations: BACKUPS_MIGRATIONS });
    dir = mkdtempSync(path.join(tmpdir(), 'sargs-verify-'));
    const job = new BackupJob(
      {
        BACKUP_DATABASES: [{ name, url: role.urlFor(source.url) }],
        BACKUP_DIR: path.join(dir, 'genuine'),
        BACKUP_INTERVAL_MS: 86_400_000,
        BACKUP_RETENTION_DAYS: 1,
        PG_DUMP_PATH: PG_DUMP,
        BACKUP_ENCRYPTION_RECIPIENT: keys.backupEncryptionRecipient,
        BACKUP_SIGNING_KEY: keys.backupSigningKey,
      } as AppConfig,
      retention.dataSource,
      new BackupRepository(retention.dataSource),
      retention.publisher,
      new DirectoryBackupStore(path.join(dir, 'genuine')),
      () => new Date(),
      createLogger({ service: 'verify-test', level: 'silent' }),
      new AuditRecorder(retention.publisher, 'retention'),
    );
    const started = await job.start(null);
    await started.done;
    backupId = started.id;
    expect(existsSync(path.join(dir, 'genuine', backupId, 'manifest.json'))).toBe(true);
  });
  afterAll(async () => {
    await retention?.close();
    await Promise.all([retentionDb, source, target].map((db) => db?.drop()));
    await role?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The restore tool on a copy of the genuine set, changed by `tamper`. */
  const restoreCopy = async (label: string, tamper: (backupDir: string) => void, restoreKeys = { signingPublicKey: keys.backupSigningPublicKey, identity: keys.backupDecryptionIdentity }) => {
    const copy = path.join(dir, label);
    cpSync(path.join(dir, 'genuine'), copy, { recursive: true });
    tamper(path.join(copy, backupId));
    return restoreBackup({
      store: new DirectoryBackupStore(copy),
      backupId,
      targets: [{ name, url: target.url }],
      kafka: testKafkaAccess(),
      replayMarginMs: 0,
      pgRestorePath: PG_RESTORE,
      keys: backupKeysOf(restoreKeys),
      log: () => undefined,
    });
  };
  const flipByte = (file: string, at: (length: number) => number) => {
    const bytes = readFileSync(file);
    const i = at(bytes.length);
    bytes[i] = bytes[i] === 0x31 ? 0x32 : 0x31;
    writeFileSync(file, bytes);
  };

  it.each([
    ['a manifest whose signature was removed', (d: string) => rmSync(path.join(d, 'manifest.sig')), 'is not signed'],
    ['a manifest with one byte changed', (d: string) => flipByte(path.join(d, 'manifest.json'), () => readFileSync(path.join(d, 'manifest.json'), 'utf8').indexOf('"finishedAt"') + 20), 'its signature does not match the manifest'],
    ['a dump with one byte changed', (d: string) => flipByte(path.join(d, `${name}.dump`), (n) => n - 10), 'does not match its signed size and SHA-256'],
    [
      'a set signed with another key',
      (d: string) => writeFileSync(path.join(d, 'manifest.sig'), signManifest(readFileSync(path.join(d, 'manifest.json')), generateKeyPairSync('ed25519').privateKey)),
      'signed by another key',
    ],
  ])('refuses %s, changing nothing', async (label, tamper, reason) => {
    const before = await digest(target.url);
    const attempt = restoreCopy(label.replace(/\W+/gu, '-'), tamper);
    await expect(attempt).rejects.toBeInstanceOf(RestorePreconditionError);
    await expect(attempt).rejects.toThrow(reason);
    expect(await digest(target.url)).toBe(before);
  });

  it('refuses a dump the given identity cannot open, changing nothing', async () => {
    const before = await digest(target.url);
    const other = generateBackupKeys();
    const attempt = restoreCopy('other-identity', () => undefined, { signingPublicKey: keys.backupSigningPublicKey, identity: other.backupDecryptionIdentity });
    await expect(attempt).rejects.toThrow('cannot be decrypted with the given identity');
    expect(await digest(target.url)).toBe(before);
  });

  it('restores the genuine set: verified, decrypted as it streams into pg_restore', async () => {
    await restoreCopy('genuine-copy', () => undefined);
    expect(await digest(target.url)).toBe(await digest(source.url));
  });
});
