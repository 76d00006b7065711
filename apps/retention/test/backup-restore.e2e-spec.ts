import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ErasureRequested, type BackupView } from '@sargs/contracts';
import {
  createTestDatabase,
  login,
  newPerson,
  REPO_ROOT,
  signUp,
  startPlatformStack,
  startTestService,
  waitFor,
  withDatabase,
  type PlatformStack,
  type StackService,
  type TestDatabase,
  type TestService,
} from '@sargs/testing';

const run = promisify(execFile);

const SERVICES: StackService[] = ['identity', 'profile', 'consent', 'notifications', 'retention'];
const STAFF = { email: 'dpo.backups@example.test', password: 'kopijas glabā trīsdesmit dienas 4' };
const DAY_MS = 24 * 60 * 60 * 1000;

/** A person with a name of their own (newPerson's is shared), so a scan can tell A from B. */
function person(tag: string) {
  const letters = randomBytes(5).toString('hex').replace(/\d/gu, (d) => 'klmnopqrst'[Number(d)]);
  return { ...newPerson(tag), name: `Ausma ${tag} ${letters}` };
}

/** Every table of every service database whose rows, as text, contain `needle` (case-insensitive): `service.table`. */
async function holders(stack: PlatformStack, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const service of SERVICES) {
    const db = stack.databases[service] as TestDatabase;
    await withDatabase(db.url, async (pg) => {
      const tables = await pg.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
      for (const { name } of tables.rows) {
        const hits = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM ${pg.escapeIdentifier(name)} t WHERE strpos(lower(t::text), lower($1)) > 0`, [needle]);
        if (Number(hits.rows[0].n) > 0) found.push(`${service}.${name}`);
      }
    });
  }
  return found;
}

/**
 * The restore tool as an operator runs it (tools/backup/restore.ts), with the manifest's signing
 * public key on the command line and the age identity in the environment (never an argument).
 */
async function restore(stack: PlatformStack, backupId: string): Promise<{ code: number; output: string }> {
  const pairs = SERVICES.map((s) => `${s}=${(stack.databases[s] as TestDatabase).url}`);
  try {
    const { stdout, stderr } = await run(
      'node',
      ['-r', '@swc-node/register', 'tools/backup/restore.ts', stack.backupDir as string, backupId, ...pairs, '--kafka-brokers', stack.kafkaBrokers, '--signing-public-key', stack.backupKeys.backupSigningPublicKey],
      {
        cwd: REPO_ROOT,
        timeout: 180_000,
        env: {
          ...process.env,
          PG_RESTORE_PATH: '/usr/bin/pg_restore',
          BACKUP_DECRYPTION_IDENTITY: stack.backupKeys.backupDecryptionIdentity,
          KAFKA_SASL_MECHANISM: 'scram-sha-512',
          KAFKA_SASL_USERNAME: stack.kafka.credentials?.username,
          KAFKA_SASL_PASSWORD: stack.kafka.credentials?.password,
        },
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('backups and restore: a restore never brings an erased person back (R14)', () => {
  let stack: PlatformStack;
  let ledger: TestService;
  let ledgerDb: TestDatabase;
  let staff: string;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: SERVICES,
      env: {
        identity: { SARGS_ADMIN_EMAIL: STAFF.email, SARGS_ADMIN_PASSWORD: STAFF.password, LOGIN_FREE_ATTEMPTS_PER_CLIENT: '1000' },
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000' },
      },
    });
    staff = await login(stack.client, STAFF.email, STAFF.password);
    // Publishes ErasureRequested on the stack's broker as retention would (the erasure ledger).
    ledgerDb = await createTestDatabase('e2e_backup_ledger');
    ledger = await startTestService({ name: `e2e-erasure-ledger-${randomBytes(4).toString('hex')}`, databaseUrl: ledgerDb.url, kafka: stack.kafka });
  }, 300_000);
  afterAll(async () => {
    await ledger?.close();
    await ledgerDb?.drop();
    await stack?.stop();
  });

  it('backs up every database, erases A after the backup, restores, and A stays erased while B is back', async () => {
    const a = person('alfa');
    const b = person('beta');
    const { accountId: aId, session: aSession } = await signUp(stack, a);
    await signUp(stack, b);
    for (const p of [a, b]) {
      await waitFor(() => holders(stack, p.email), (h) => h.includes('identity.account') && h.some((t) => t.startsWith('notifications.')), { timeoutMs: 60_000, what: `${p.email} in identity and notifications` });
      await waitFor(() => holders(stack, p.name), (h) => h.some((t) => t.startsWith('profile.')) && h.some((t) => t.startsWith('notifications.')), { timeoutMs: 60_000, what: `${p.name} in profile and notifications` });
    }

    // ---- a backup, on a staff request -----------------------------------------------------
    expect((await stack.client.get('/admin/backups', { session: aSession })).status).toBe(403);
    const started = await waitFor(() => stack.client.post('/admin/backups', undefined, { session: staff }), (r) => r.status !== 409, { timeoutMs: 30_000, what: 'a backup to start' });
    expect(started.status).toBe(202);
    const backupId = (started.body as { id: string }).id;
    const list = async () => (await stack.client.get('/admin/backups', { session: staff })).body as BackupView[];
    const catalogued = await waitFor(async () => (await list()).find((x) => x.id === backupId), (x) => x?.status !== 'running', { timeoutMs: 120_000, what: 'the backup to finish' });
    const backup = catalogued as BackupView;
    expect(backup.status).toBe('completed');
    expect(Date.parse(backup.expiresAt) - Date.parse(backup.startedAt)).toBe(30 * DAY_MS);
    expect(backup.takenAt).toBe(backup.startedAt);
    expect(backup.databases.map((d) => d.name).sort()).toEqual([...SERVICES].sort());
    for (const dump of backup.databases) {
      const file = readFileSync(path.join(stack.backupDir as string, backupId, `${dump.name}.dump`));
      expect({ name: dump.name, bytes: dump.bytes, sha256: dump.sha256 }).toEqual({ name: dump.name, bytes: file.length, sha256: createHash('sha256').update(file).digest('hex') });
      // Encrypted at rest: no pg_dump header, nothing of A or B.
      expect({ name: dump.name, age: file.subarray(0, 22).toString() === 'age-encryption.org/v1\n', plain: [`PGDMP`, a.email, a.name, b.email, b.name].filter((m) => file.includes(Buffer.from(m))) }).toEqual({
        name: dump.name,
        age: true,
        plain: [],
      });
    }

    // ---- A is erased after the backup (ErasureRequested on the ledger, as retention sends it)
    await ledger.dataSource.transaction((manager) =>
      ledger.publisher.publish(manager, ErasureRequested, aId, { caseId: randomUUID(), subjectId: aId, requestedAt: new Date().toISOString() }),
    );
    const gone = async () => [...(await holders(stack, a.email)), ...(await holders(stack, a.name))];
    await waitFor(gone, (h) => h.length === 0, { timeoutMs: 90_000, what: "A's address and name to be erased from every database" });

    // ---- the restore refuses while the services run, and changes nothing -------------------
    const refused = await restore(stack, backupId);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('stop these services before restoring; nothing was changed');
    expect(await gone()).toEqual([]);

    // ---- stop, restore every database, start again ------------------------------------------
    for (const service of SERVICES) await stack.processes[service][0].stop();
    // Without its signature the set is refused before anything changes.
    const signature = path.join(stack.backupDir as string, backupId, 'manifest.sig');
    renameSync(signature, `${signature}.aside`);
    const unsigned = await restore(stack, backupId);
    renameSync(`${signature}.aside`, signature);
    expect({ code: unsigned.code, output: unsigned.output }).toEqual({ code: 1, output: expect.stringContaining('is not signed (no manifest.sig); nothing was restored') });
    expect(await gone()).toEqual([]);
    const restored = await restore(stack, backupId);
    expect({ code: restored.code, output: restored.output }).toEqual({ code: 0, output: expect.stringContaining('replays privacy.erasure.v1 from') });
    // Names and times only: no database password reaches the terminal.
    expect(restored.output).not.toContain(new URL((stack.databases.identity as TestDatabase).url).password || '\u0000');
    // The backup held A: the restore brought A's data back, until the replay erases it again.
    expect(await holders(stack, a.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^profile\./u)]));
    for (const service of SERVICES) await stack.processes[service][0].restart();

    await waitFor(gone, (h) => h.length === 0, { timeoutMs: 120_000, what: 'the erasure ledger replay to erase A again' });
    expect(await holders(stack, b.email)).toEqual(expect.arrayContaining(['identity.account']));
    expect(await holders(stack, b.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^profile\./u)]));
    // retention's own catalogue came back from the backup with the row still running: it reconciles with the store.
    await waitFor(async () => (await list()).find((x) => x.id === backupId)?.status, (s) => s === 'completed', { timeoutMs: 60_000, what: 'the restored catalogue to show the backup completed' });
  }, 600_000);
});
