import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findFreePort, startMailDev, type MailDev } from '@sargs/devstack';
import { MailReader, REPO_ROOT, register, startPlatformStack, waitFor, withDatabase, type PlatformStack } from '@sargs/testing';
import { login, newPerson, notificationsDbUrl, STAFF, template } from './notifications-e2e-kit';

const BROADCAST_SIZE = 10_000;

/**
 * The queue's promises under failure: a relay that refuses for a while delays mail but loses none,
 * and a restart in the middle of a 10,000-recipient broadcast mails every recipient exactly once.
 * This stack has a MailDev of its own, so it can be stopped and counted without other tests' mail.
 */
describe('delivery that survives a relay outage and a restart (R16, R17)', () => {
  let stack: PlatformStack;
  let staff: string;
  let maildev: MailDev;
  let smtpPort: number;
  let webPort: number;
  const dataDir = mkdtempSync(path.join(REPO_ROOT, '.data', 'test-maildev-'));
  const startOwnMailDev = (run: string) =>
    startMailDev({ smtpPort, webPort, mailDir: path.join(dataDir, run), logFile: path.join(dataDir, `${run}.log`) });
  const mail = () => new MailReader(maildev.webUrl);

  beforeAll(async () => {
    smtpPort = await findFreePort();
    webPort = await findFreePort();
    maildev = await startOwnMailDev('first');
    stack = await startPlatformStack({
      services: ['identity', 'notifications'],
      env: {
        identity: { SARGS_ADMIN_EMAIL: STAFF.email, SARGS_ADMIN_PASSWORD: STAFF.password },
        notifications: { SMTP_URL: maildev.smtpUrl, MAIL_RATE_PER_SECOND: '1000', MAIL_RETRY_BASE_MS: '300', MAIL_RETRY_MAX_MS: '1000', BROADCAST_BATCH_SIZE: '500' },
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000' },
      },
    });
    staff = await login(stack, STAFF.email, STAFF.password);
  });
  afterAll(async () => {
    await stack?.stop();
    await maildev?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const query = <T>(sql: string, params: unknown[] = []) => withDatabase(notificationsDbUrl(stack), async (pg) => (await pg.query(sql, params)).rows as T[]);

  it('keeps a mail while the relay refuses connections and delivers it, once, when the relay is back', async () => {
    await maildev.stop();
    const person = newPerson('outage');
    expect((await register(stack, person)).status).toBe(202);
    // The sender has tried, failed on the connection and kept the mail for later.
    const [queued] = await waitFor(
      () => query<{ status: string; attempts: number; last_error: string | null }>(`SELECT status, attempts, last_error FROM outgoing_mail WHERE template = 'verify-email' AND to_address = $1`, [person.email]),
      (rows) => rows.length === 1 && rows[0].attempts >= 1 && rows[0].last_error === 'connection',
      { timeoutMs: 30_000, what: 'a failed attempt' },
    );
    expect(queued.status).toBe('pending');
    await new Promise((r) => setTimeout(r, 2_000));

    maildev = await startOwnMailDev('second');
    const delivered = await mail().waitForMail(person.email, template('verify-email'), 60_000);
    expect(delivered.text).toContain('/verify-email?token=');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await mail().mailsTo(person.email)).toHaveLength(1);
    const [row] = await query<{ status: string }>(`SELECT status FROM outgoing_mail WHERE template = 'verify-email' AND to_address = $1`, [person.email]);
    expect(row.status).toBe('sent');
  });

  it('mails every recipient of a 10,000-recipient incident exactly once across a restart of notifications in the middle', async () => {
    const run = Date.now().toString(36);
    await query(
      `INSERT INTO recipient (account_id, email, name, language, email_verified, registered_at, email_at, profile_at)
       SELECT gen_random_uuid(), 'bulk-' || $1 || '-' || n || '@example.test', 'Bulk ' || n, CASE WHEN n % 2 = 0 THEN 'lv' ELSE 'en' END, true, now(), now(), now()
         FROM generate_series(1, $2) AS n`,
      [run, BROADCAST_SIZE],
    );
    const [{ n: audience }] = await query<{ n: string }>(`SELECT count(*) AS n FROM recipient WHERE closed_at IS NULL AND email_verified AND email IS NOT NULL`);

    const created = await stack.client.post('/admin/incidents', { title: `Bulk ${run}`, message: { lv: 'Drošības paziņojums.', en: 'Security notice.' }, audience: 'all' }, { session: staff });
    expect(created.status).toBe(202);
    const { id } = created.body as { id: string };
    const status = async () => (await stack.client.get(`/admin/incidents/${id}`, { session: staff })).body as { notified: number; pending: number; failed: number; skipped: number; queuedAll: boolean };

    // Stop notifications while the broadcast is partly sent (and, with luck, partly queued).
    const midway = await waitFor(status, (s) => s.notified >= 1_500, { timeoutMs: 120_000, intervalMs: 50, what: 'the broadcast under way' });
    expect(midway.notified + midway.pending).toBe(Number(audience));
    await stack.processes.notifications[0].stop();
    const frozen = await status().catch(() => undefined);
    expect(frozen?.notified ?? 0).toBeLessThan(Number(audience));
    await stack.processes.notifications[0].restart();

    const done = await waitFor(status, (s) => s.pending === 0 && s.queuedAll, { timeoutMs: 300_000, intervalMs: 500, what: 'the broadcast done' });
    expect(done).toMatchObject({ notified: Number(audience), pending: 0, failed: 0, skipped: 0 });

    // What the relay received: one mail per recipient, none twice.
    const caught = await waitFor(
      async () => (await (await fetch(`${maildev.webUrl}/email`)).json()) as { to: { address: string }[]; headers: Record<string, string> }[],
      (mails) => mails.filter((m) => m.headers['x-sargs-template'] === 'security-incident').length >= Number(audience),
      { timeoutMs: 60_000, intervalMs: 1_000, what: 'MailDev to hold every mail' },
    );
    const addresses = caught.filter((m) => m.headers['x-sargs-template'] === 'security-incident').map((m) => m.to[0].address);
    expect(addresses).toHaveLength(Number(audience));
    expect(new Set(addresses).size).toBe(Number(audience));
    expect(addresses.filter((a) => a.startsWith(`bulk-${run}-`))).toHaveLength(BROADCAST_SIZE);
  });

  it('queues no one twice when a broadcast is queued again from the start (a lost cursor)', async () => {
    const [before] = await query<{ id: string; n: string }>(
      `SELECT broadcast_id AS id, count(*) AS n FROM outgoing_mail WHERE broadcast_id IS NOT NULL GROUP BY broadcast_id ORDER BY count(*) DESC LIMIT 1`,
    );
    await query(`UPDATE broadcast SET fanout_cursor = NULL, fanout_completed_at = NULL WHERE id = $1`, [before.id]);
    await waitFor(() => query<{ done: boolean }>(`SELECT fanout_completed_at IS NOT NULL AS done FROM broadcast WHERE id = $1`, [before.id]), (rows) => rows[0].done, { timeoutMs: 60_000, what: 'fan-out again' });
    const [after] = await query<{ n: string }>(`SELECT count(*) AS n FROM outgoing_mail WHERE broadcast_id = $1`, [before.id]);
    expect(after.n).toBe(before.n);
  });
});
