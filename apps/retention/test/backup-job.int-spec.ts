import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Decrypter } from 'age-encryption';
import { generateBackupKeys } from '@sargs/devstack';
import { createLogger } from '@sargs/platform/observability';
import { AuditRecorder } from '@sargs/platform/service';
import { createReadOnlyRole, createTestDatabase, startTestService, waitFor, withDatabase, type TestDatabase, type TestReadOnlyRole, type TestService } from '@sargs/testing';
import { BackupCatalogue } from '../src/backups/backup-catalogue';
import { BackupConflictError, BackupJob } from '../src/backups/backup-job';
import { readManifest } from '../src/backups/backup-manifest';
import { DirectoryBackupStore } from '../src/backups/backup-store';
import { BackupRepository } from '../src/backups/backup.repository';
import { BACKUPS_ENTITIES, BACKUPS_MIGRATIONS } from '../src/backups/backups.schema';
import type { AppConfig } from '../src/config/app-config';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const PG_DUMP = existsSync('/usr/bin/pg_dump') ? '/usr/bin/pg_dump' : 'pg_dump';
const PG_RESTORE = existsSync('/usr/bin/pg_restore') ? '/usr/bin/pg_restore' : 'pg_restore';
/** Personal data in the source database, where pg_dump's table of contents keeps it uncompressed (a comment) and in a row. */
const MARKER = 'Anna Bērziņa';

/** The backup job against real PostgreSQL and pg_dump, with a clock the test moves (R14). */
describe('backups: the job, the catalogue and expiry', () => {
  let retention: TestService;
  let retentionDb: TestDatabase;
  let source: TestDatabase;
  let role: TestReadOnlyRole;
  let dir: string;
  let store: DirectoryBackupStore;
  let now: number;
  const clock = () => new Date(now);
  const logger = createLogger({ service: 'backup-job-test', level: 'silent' });
  const keys = generateBackupKeys();

  const jobWith = (overrides: Partial<AppConfig> = {}) =>
    new BackupJob(
      {
        BACKUP_DATABASES: [{ name: 'sample', url: role.urlFor(source.url) }],
        BACKUP_DIR: dir,
        BACKUP_INTERVAL_MS: 6 * HOUR_MS,
        BACKUP_RETENTION_DAYS: 1,
        PG_DUMP_PATH: PG_DUMP,
        BACKUP_ENCRYPTION_RECIPIENT: keys.backupEncryptionRecipient,
        BACKUP_SIGNING_KEY: keys.backupSigningKey,
        ...overrides,
      } as AppConfig,
      retention.dataSource,
      new BackupRepository(retention.dataSource),
      retention.publisher,
      store,
      clock,
      logger,
      new AuditRecorder(retention.publisher, 'retention'),
    );
  const catalogue = () => new BackupCatalogue(new BackupRepository(retention.dataSource)).list();

  beforeAll(async () => {
    [retentionDb, source] = await Promise.all([createTestDatabase('backup_job_retention'), createTestDatabase('backup_job_source')]);
    role = await createReadOnlyRole('backup_job');
    await withDatabase(source.url, (pg) => pg.query(`CREATE TABLE sample (id int PRIMARY KEY, name text); INSERT INTO sample VALUES (1, '${MARKER}'); COMMENT ON TABLE sample IS 'first: ${MARKER}'`));
    retention = await startTestService({
      name: `backup-job-${randomBytes(4).toString('hex')}`,
      databaseUrl: retentionDb.url,
      entities: BACKUPS_ENTITIES,
      migrations: BACKUPS_MIGRATIONS,
    });
  });
  afterAll(async () => {
    await retention?.close();
    await Promise.all([retentionDb?.drop(), source?.drop()]);
    await role?.drop();
  });
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sargs-backup-job-'));
    store = new DirectoryBackupStore(dir);
    now = Date.parse('2026-03-01T02:00:00.000Z');
    await retention.dataSource.query('TRUNCATE backup, backup_database');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('dumps each database with the read-only role, encrypted, catalogues size and SHA-256, signs the manifest, and announces BackupCompleted', async () => {
    const { id, done } = await jobWith().start('2b1f4d1e-6d7c-4e5b-8a9f-0c1d2e3f4a5b');
    await done;
    const [backup] = await catalogue();
    expect(backup).toMatchObject({ id, status: 'completed', startedAt: '2026-03-01T02:00:00.000Z', takenAt: '2026-03-01T02:00:00.000Z', expiresAt: '2026-03-02T02:00:00.000Z' });
    const file = readFileSync(path.join(dir, id, 'sample.dump'));
    // At rest: age, not pg_dump's format, and nothing of the personal data.
    expect(file.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
    expect(file.includes(Buffer.from('PGDMP'))).toBe(false);
    expect(file.includes(Buffer.from(MARKER))).toBe(false);
    expect(backup.databases).toEqual([{ name: 'sample', bytes: file.length, sha256: createHash('sha256').update(file).digest('hex') }]);
    // The identity (which retention never has) opens it: pg_dump's custom format, holding the data.
    const decrypter = new Decrypter();
    decrypter.addIdentity(keys.backupDecryptionIdentity);
    const plain = Buffer.from(await decrypter.decrypt(file));
    expect(plain.subarray(0, 5).toString()).toBe('PGDMP');
    writeFileSync(path.join(dir, 'plain.dump'), plain);
    expect(execFileSync(PG_RESTORE, ['--file=-', path.join(dir, 'plain.dump')], { encoding: 'utf8' })).toContain(MARKER);
    const manifest = await readManifest(store, id);
    expect(manifest).toMatchObject({ backupId: id, expiresAt: backup.expiresAt, encryption: { format: 'age' }, databases: [{ name: 'sample', sha256: backup.databases[0].sha256 }] });
    // Signed with the signing key, over manifest.json's exact bytes (the restore tool checks it).
    const signature = JSON.parse(readFileSync(path.join(dir, id, 'manifest.sig'), 'utf8')) as { algorithm: string; keyId: string; signature: string };
    expect(signature).toMatchObject({ algorithm: 'Ed25519', keyId: manifest?.signingKeyId });
    const publicKey = createPublicKey({ key: Buffer.from(keys.backupSigningPublicKey, 'base64'), format: 'der', type: 'spki' });
    const signed = Buffer.concat([Buffer.from('sargs backup manifest v1\n'), readFileSync(path.join(dir, id, 'manifest.json'))]);
    expect(verify(null, signed, publicKey, Buffer.from(signature.signature, 'base64'))).toBe(true);
    const announced: { envelope: { type: string; payload: unknown } }[] = await retention.dataSource.query(`SELECT envelope FROM outbox_message WHERE topic = 'privacy.backup.v1'`);
    expect(announced.map((r) => r.envelope)).toContainEqual(
      expect.objectContaining({ type: 'BackupCompleted', subjectId: 'backups', payload: { backupId: id, startedAt: backup.startedAt, expiresAt: backup.expiresAt } }),
    );
    expect(await new BackupCatalogue(new BackupRepository(retention.dataSource)).backupsExpireBy(new Date(now + 1000))).toEqual(new Date(backup.expiresAt));
    // Completed before any backup started: no backup holds the data, so the completion itself.
    expect(await new BackupCatalogue(new BackupRepository(retention.dataSource)).backupsExpireBy(new Date(now - 1000))).toEqual(new Date(now - 1000));
  });

  it("dumps every organisation's rows of a tenant table whose row-level security is forced (the role has BYPASSRLS)", async () => {
    const tenantRows = ['Tenant A: Jānis Kalniņš', 'Tenant B: Ilze Ozola'];
    await withDatabase(source.url, (pg) =>
      pg.query(`CREATE TABLE tenant_sample (org_id uuid NOT NULL, name text);
        INSERT INTO tenant_sample VALUES (gen_random_uuid(), '${tenantRows[0]}'), (gen_random_uuid(), '${tenantRows[1]}');
        ALTER TABLE tenant_sample ENABLE ROW LEVEL SECURITY; ALTER TABLE tenant_sample FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON tenant_sample USING (org_id = NULLIF(current_setting('app.org_id', true), '')::uuid)`),
    );
    try {
      const { id, done } = await jobWith().start(null);
      await done;
      expect((await catalogue())[0]).toMatchObject({ id, status: 'completed' });
      const decrypter = new Decrypter();
      decrypter.addIdentity(keys.backupDecryptionIdentity);
      writeFileSync(path.join(dir, 'tenants.dump'), Buffer.from(await decrypter.decrypt(readFileSync(path.join(dir, id, 'sample.dump')))));
      const restored = execFileSync(PG_RESTORE, ['--file=-', '--table=tenant_sample', path.join(dir, 'tenants.dump')], { encoding: 'utf8' });
      for (const row of tenantRows) expect(restored).toContain(row);
    } finally {
      await withDatabase(source.url, (pg) => pg.query('DROP TABLE tenant_sample'));
    }
  });

  it('deletes a backup before it outlives its expiry: files gone, row kept as deleted', async () => {
    const job = jobWith();
    const { id, done } = await job.start(null);
    await done;
    const expiresAt = now + DAY_MS;
    now = expiresAt - 2 * HOUR_MS; // the next purge (within the hour) is still before the expiry
    await job.purgeAlone();
    expect((await catalogue())[0]).toMatchObject({ id, status: 'completed' });
    expect(existsSync(path.join(dir, id))).toBe(true);

    now = expiresAt - 30 * 60_000; // the next purge would be too late: delete now
    expect(await job.purgeAlone()).toBe(true);
    expect((await catalogue())[0]).toMatchObject({ id, status: 'deleted', deletedAt: new Date(now).toISOString() });
    expect(existsSync(path.join(dir, id))).toBe(false);
    expect(await new BackupCatalogue(new BackupRepository(retention.dataSource)).backupsExpireBy(new Date(now))).toEqual(new Date(now));
  });

  it('refuses a URL with a superuser or owner role, keeping nothing', async () => {
    const { id, done } = await jobWith({ BACKUP_DATABASES: [{ name: 'sample', url: source.url }] }).start(null);
    await done;
    const [backup] = await catalogue();
    expect(backup).toMatchObject({ id, status: 'failed', databases: [] });
    expect(backup.error).toContain('must use the dedicated read-only backup role');
    expect(await store.list('')).toEqual([]);
  });

  it('refuses a role that is not read-only by membership (outside pg_read_all_data, or with any write right) or lacks BYPASSRLS', async () => {
    // Each is enough for pg_dump, so only the check stops them.
    const cases: { grant: (role: string) => string; reason: string }[] = [
      { grant: (r) => `REVOKE pg_read_all_data FROM ${r}; GRANT SELECT ON sample TO ${r}`, reason: 'not a member of pg_read_all_data' },
      { grant: (r) => `GRANT INSERT ON sample TO ${r}`, reason: 'allowed to write 1 table(s) or sequence(s)' },
      { grant: (r) => `GRANT pg_write_all_data TO ${r}`, reason: 'a member of pg_write_all_data' },
      { grant: (r) => `ALTER ROLE ${r} CREATEROLE`, reason: 'CREATEROLE' },
      // Not a write right, but without it a backup would miss (or fail on) row-level secured tenant tables.
      { grant: (r) => `ALTER ROLE ${r} NOBYPASSRLS`, reason: 'without BYPASSRLS' },
    ];
    for (const { grant, reason } of cases) {
      const wrong = await createReadOnlyRole('backup_wrong');
      try {
        await withDatabase(source.url, (pg) => pg.query(grant(pg.escapeIdentifier(wrong.name))));
        const { id, done } = await jobWith({ BACKUP_DATABASES: [{ name: 'sample', url: wrong.urlFor(source.url) }] }).start(null);
        await done;
        const backup = (await catalogue()).find((b) => b.id === id);
        expect({ status: backup?.status, error: backup?.error }).toEqual({ status: 'failed', error: expect.stringContaining(reason) });
        expect(backup?.error).toContain('must use the dedicated read-only backup role');
        expect(await store.list('')).toEqual([]);
      } finally {
        await withDatabase(source.url, (pg) => pg.query(`REVOKE ALL ON sample FROM ${pg.escapeIdentifier(wrong.name)}`));
        await wrong.drop();
      }
      now += 60_000;
    }
  });

  it('fails a backup whose pg_dump fails, naming the database, and deletes its partial files', async () => {
    const { done } = await jobWith({ BACKUP_DATABASES: [{ name: 'sample', url: role.urlFor(source.url) }, { name: 'gone', url: role.urlFor(source.url).replace(/\/[^/]+$/u, '/no_such_db') }] }).start(null);
    await done;
    const [backup] = await catalogue();
    expect(backup.status).toBe('failed');
    expect(backup.error).toMatch(/backup of gone failed/u);
    expect(await store.list('')).toEqual([]);
  });

  it('takes the first backup at once on an empty catalogue, then the next one interval after the last started', async () => {
    const job = jobWith();
    // Ticks as the timer would, until `count` backups have finished (a tick right after a run may
    // still find its lock held, and then waits for the next one).
    const ticksUntil = (count: number) =>
      waitFor(
        async () => {
          await job.tick();
          return catalogue();
        },
        (rows) => rows.length === count && rows.every((r) => r.status !== 'running'),
        { timeoutMs: 30_000, what: `${count} finished backups` },
      );
    const [first] = await ticksUntil(1);
    expect(first).toMatchObject({ status: 'completed', startedAt: new Date(now).toISOString() });

    now += 6 * HOUR_MS - 60_000; // not yet due: the tick only purges
    await job.tick();
    expect((await catalogue()).map((r) => r.id)).toEqual([first.id]);

    now += 60_000;
    const rows = await ticksUntil(2);
    expect(rows.map((r) => r.startedAt)).toEqual([new Date(now).toISOString(), first.startedAt]);
  });

  it('runs one backup at a time, across instances (advisory lock)', async () => {
    await withDatabase(retentionDb.url, async (pg) => {
      await pg.query('SELECT pg_advisory_lock(727003)');
      await expect(jobWith().start(null)).rejects.toBeInstanceOf(BackupConflictError);
      expect(await jobWith().purgeAlone()).toBe(false);
    });
    await expect(jobWith({ BACKUP_DATABASES: [] }).start(null)).rejects.toThrow('Backups are off');
  });

  it('reconciles with the store: an interrupted run fails, a complete backup the catalogue lost comes back, leftovers go', async () => {
    const job = jobWith();
    const { id, done } = await job.start(null);
    await done;
    // A restore of retention's own database rewinds the catalogue: the backup's row is gone.
    await retention.dataSource.query('TRUNCATE backup, backup_database');
    // A run that died mid-dump: its row says running, the store holds a partial file.
    const stale = '6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
    await retention.dataSource.query(`INSERT INTO backup (id, started_at, expires_at, status) VALUES ($1, $2, $3, 'running')`, [stale, new Date(now - HOUR_MS), new Date(now + DAY_MS)]);
    await store.put(`${stale}/sample.dump.partial`, (await import('node:stream')).Readable.from([Buffer.from('half')]));

    await job.purgeAlone();
    const rows = await catalogue();
    expect(rows.find((r) => r.id === id)).toMatchObject({ status: 'completed', expiresAt: new Date(now + DAY_MS).toISOString(), databases: [expect.objectContaining({ name: 'sample' })] });
    expect(rows.find((r) => r.id === stale)).toMatchObject({ status: 'failed', error: expect.stringContaining('interrupted') });
    expect(existsSync(path.join(dir, stale))).toBe(false);
    expect(existsSync(path.join(dir, id, 'manifest.json'))).toBe(true);
  });
});
