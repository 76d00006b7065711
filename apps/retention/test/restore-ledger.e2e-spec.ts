import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { BackupView, EventEnvelope } from '@sargs/contracts';
import { Authenticator, login, newPerson, REPO_ROOT, signUp, startPlatformStack, waitFor, withDatabase, type PlatformStack, type StackService, type TestDatabase } from '@sargs/testing';

const run = promisify(execFile);

const SERVICES: StackService[] = ['identity', 'profile', 'consent', 'notifications', 'retention'];
const STAFF = { email: 'dpo.ledger@example.test', password: 'virsgrāmata glabā aizvēršanu 7' };
/** Where no broker listens: identity starts, but its consumer cannot replay. */
const NO_BROKER = '127.0.0.1:9';

/** The restore tool as an operator runs it (tools/backup/restore.ts), every database of the stack. */
async function restore(stack: PlatformStack, backupId: string): Promise<{ code: number; output: string }> {
  const pairs = SERVICES.map((s) => `${s}=${(stack.databases[s] as TestDatabase).url}`);
  try {
    const { stdout, stderr } = await run('node', ['-r', '@swc-node/register', 'tools/backup/restore.ts', stack.backupDir as string, backupId, ...pairs, '--kafka-brokers', stack.kafkaBrokers], {
      cwd: REPO_ROOT,
      timeout: 180_000,
      env: {
        ...process.env,
        PG_RESTORE_PATH: '/usr/bin/pg_restore',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: stack.kafka.credentials?.username,
        KAFKA_SASL_PASSWORD: stack.kafka.credentials?.password,
        BACKUP_SIGNING_PUBLIC_KEY: stack.backupKeys.backupSigningPublicKey,
        BACKUP_DECRYPTION_IDENTITY: stack.backupKeys.backupDecryptionIdentity,
      },
    });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a restore does not undo closures and credential changes (identity.ledger.v1)', () => {
  let stack: PlatformStack;
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
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const db = (service: StackService) => (stack.databases[service] as TestDatabase).url;
  const query = <T>(service: StackService, sql: string, params: unknown[] = []) => withDatabase(db(service), async (pg) => (await pg.query(sql, params)).rows as T[]);
  const loginStatus = async (email: string, password: string) => (await stack.client.post('/sessions', { email, password })).status;
  const auditCount = async (action: string, reference?: string) =>
    Number((await query<{ n: string }>('retention', 'SELECT count(*) AS n FROM audit_entry WHERE action = $1 AND ($2::text IS NULL OR reference = $2)', [action, reference ?? null]))[0].n);
  const eventAfter = (type: string, accountId: string, seen: number) =>
    waitFor(async () => stack.events.slice(seen).find((e) => e.type === type && e.subjectId === accountId), (e) => e !== undefined, { timeoutMs: 30_000, what: type }) as Promise<EventEnvelope>;

  async function resetPassword(email: string, accountId: string, newPassword: string): Promise<void> {
    const seen = stack.events.length;
    expect((await stack.client.post('/password-resets', { email })).status).toBe(202);
    const token = stack.openToken(await eventAfter('PasswordResetRequested', accountId, seen));
    expect((await stack.client.post('/password-resets/confirm', { token, newPassword })).status).toBe(204);
  }

  it('closes again an account closed under a legal hold, disables a password reset since, refuses logins until replayed, doubles nothing', async () => {
    const closed = newPerson('ledger-closed');
    const reset = newPerson('ledger-reset');
    const bystander = newPerson('ledger-bystander');
    const { accountId: closedId } = await signUp(stack, closed);
    const { accountId: resetId, session: leakedSession } = await signUp(stack, reset);
    await signUp(stack, bystander);
    // An authenticator app the owner removes after the backup (a lost phone): it must not come back.
    const factor = newPerson('ledger-factor');
    const { accountId: factorId, session: factorSession } = await signUp(stack, factor);
    const enrolment = await stack.client.post('/me/mfa/totp', undefined, { session: factorSession });
    const app = Authenticator.of((enrolment.body as { secret: string }).secret);
    expect((await stack.client.post('/me/mfa/totp/confirm', { code: await app.code() }, { session: factorSession })).status).toBe(200);
    // The hold comes before the backup, so the restored retention still has it.
    const hold = await stack.client.post('/admin/legal-holds', { accountId: closedId, reason: 'Tiesas lieta C-7/2026' }, { session: staff });
    expect(hold.status).toBe(201);

    // ---- the backup -------------------------------------------------------------------------
    const started = await waitFor(() => stack.client.post('/admin/backups', undefined, { session: staff }), (r) => r.status !== 409, { timeoutMs: 30_000, what: 'a backup to start' });
    expect(started.status).toBe(202);
    const backupId = (started.body as { id: string }).id;
    const list = async () => (await stack.client.get('/admin/backups', { session: staff })).body as BackupView[];
    await waitFor(async () => (await list()).find((x) => x.id === backupId)?.status, (s) => s !== 'running', { timeoutMs: 120_000, what: 'the backup to finish' });
    expect((await list()).find((x) => x.id === backupId)).toMatchObject({ status: 'completed', error: null });

    // ---- after it: a staff closure under the hold, and a reset after a leak --------------------
    const closure = await stack.client.post(`/admin/accounts/${closedId}/closure`, undefined, { session: staff });
    expect(closure.status).toBe(202);
    const caseId = (closure.body as { caseId: string }).caseId;
    await waitFor(async () => (await stack.client.get(`/admin/erasures/${caseId}`, { session: staff })).body as { status?: string }, (c) => c.status === 'held', { timeoutMs: 30_000, what: 'the held case' });
    expect((await stack.client.delete('/me/mfa/totp', { session: factorSession, body: { password: factor.password, code: await app.code() } })).status).toBe(204);
    const afterBackup = 'jauna frāze pēc noplūdes 31';
    await resetPassword(reset.email, resetId, afterBackup);
    expect(await loginStatus(reset.email, reset.password)).toBe(401);
    expect((await stack.client.get('/me', { session: leakedSession })).status).toBe(401);
    // Both are in the trail, and everything identity wrote has left its outbox.
    await waitFor(async () => [await auditCount('account.closed-by-staff', caseId), await auditCount('password.reset-completed')], (n) => n[0] === 1 && n[1] === 1, { timeoutMs: 30_000, what: 'the audit entries' });
    await waitFor(() => query<{ n: string }>('identity', 'SELECT count(*) AS n FROM outbox_message WHERE sent_at IS NULL'), (r) => r[0].n === '0', { timeoutMs: 30_000, what: "identity's outbox relayed" });

    // ---- restore every database ---------------------------------------------------------------
    for (const service of SERVICES) await stack.processes[service][0].stop();
    const restored = await restore(stack, backupId);
    expect({ code: restored.code, output: restored.output }).toEqual({ code: 0, output: expect.stringContaining('identity.ledger.v1') });
    // The backup's identity: the account active, the leaked password back, and the mark of the replay.
    expect(await query('identity', 'SELECT status FROM account WHERE id = $1', [closedId])).toEqual([{ status: 'active' }]);
    expect(await query('identity', 'SELECT count(*)::int AS n FROM restore_replay')).toEqual([{ n: 1 }]);
    for (const service of SERVICES.filter((s) => s !== 'identity')) await stack.processes[service][0].restart();

    // ---- identity up but unable to replay (no broker): 503 with Retry-After, the mark stays ----
    await stack.processes.identity[0].restart({ KAFKA_BROKERS: NO_BROKER });
    const refused = await stack.client.post('/sessions', { email: bystander.email, password: bystander.password });
    expect({ status: refused.status, retryAfter: refused.headers['retry-after'] }).toEqual({ status: 503, retryAfter: expect.stringMatching(/^\d+$/u) });
    expect(await loginStatus(reset.email, reset.password)).toBe(503);
    expect(await loginStatus(closed.email, closed.password)).toBe(503);
    // The session the reset had ended is live in the backup: not usable while the replay is pending.
    expect((await stack.client.get('/me', { session: leakedSession })).status).toBe(503);
    await stack.processes.identity[0].stop();
    expect(await query('identity', 'SELECT count(*)::int AS n FROM restore_replay')).toEqual([{ n: 1 }]);

    // ---- identity with its broker: it replays, then answers ------------------------------------
    await stack.processes.identity[0].restart({ KAFKA_BROKERS: stack.kafkaBrokers });
    await waitFor(() => loginStatus(bystander.email, bystander.password), (s) => s !== 503, { timeoutMs: 90_000, what: 'identity to finish its replay' });
    expect(await loginStatus(bystander.email, bystander.password)).toBe(200);
    expect(await query('identity', 'SELECT count(*)::int AS n FROM restore_replay')).toEqual([{ n: 0 }]);

    // The closed account: login refused, closing again with its case, still held (not erased), one case.
    const wrong = await stack.client.post('/sessions', { email: bystander.email, password: 'pilnīgi nepareiza parole 99' });
    const closedLogin = await stack.client.post('/sessions', { email: closed.email, password: closed.password });
    expect({ status: closedLogin.status, body: closedLogin.body }).toEqual({ status: 401, body: wrong.body });
    expect(((await stack.client.get(`/admin/accounts/${closedId}`, { session: staff })).body as { status: string }).status).toBe('closing');
    expect(await query('identity', 'SELECT status, closure_case_id FROM account WHERE id = $1', [closedId])).toEqual([{ status: 'closed', closure_case_id: caseId }]);
    await waitFor(() => query<{ case_id: string; status: string }>('retention', 'SELECT case_id, status FROM erasure_case WHERE subject_id = $1', [closedId]), (rows) => rows.length > 0, {
      timeoutMs: 30_000,
      what: 'the case back in the restored retention',
    });

    // The reset account: neither the leaked password nor the one set after the backup works, with the generic 401.
    const oldLogin = await stack.client.post('/sessions', { email: reset.email, password: reset.password });
    expect({ status: oldLogin.status, body: oldLogin.body }).toEqual({ status: 401, body: wrong.body });
    expect(await loginStatus(reset.email, afterBackup)).toBe(401);
    expect((await stack.client.get('/me', { session: leakedSession })).status).toBe(401);

    // The removed app came back with the backup; the replay takes it (and every factor) away
    // again, and the password with it: the owner resets it by mail and sets a factor up anew.
    const factorRows = () => query<{ n: number }>('identity', 'SELECT (SELECT count(*) FROM totp_credential WHERE account_id = $1)::int + (SELECT count(*) FROM recovery_code WHERE account_id = $1)::int AS n', [factorId]);
    expect(await factorRows()).toEqual([{ n: 0 }]);
    expect(await loginStatus(factor.email, factor.password)).toBe(401);

    // Nothing doubled: one case, each audit entry once (retention's restored trail got them back from the audit topics).
    await waitFor(async () => [await auditCount('account.closed-by-staff', caseId), await auditCount('password.reset-completed')], (n) => n[0] >= 1 && n[1] >= 1, { timeoutMs: 30_000, what: 'the audit entries replayed' });
    await sleep(3000);
    expect(await query('retention', 'SELECT case_id, status FROM erasure_case WHERE subject_id = $1', [closedId])).toEqual([{ case_id: caseId, status: 'held' }]);
    expect([await auditCount('account.closed-by-staff', caseId), await auditCount('password.reset-completed')]).toEqual([1, 1]);
    expect(await query('identity', 'SELECT count(*)::int AS n FROM account WHERE id = $1', [closedId])).toEqual([{ n: 1 }]);

    // A reset by mail gives the owner a working password again.
    const fresh = 'trešā frāze pēc atjaunošanas 8';
    await resetPassword(reset.email, resetId, fresh);
    expect(await loginStatus(reset.email, fresh)).toBe(200);
  }, 600_000);
});
