import { createHash } from 'node:crypto';
import { exportDocumentView, exportStatusView, myExportsView, type ExportDocumentView, type ExportStatusView } from '@sargs/contracts';
import { newPerson, signUp, startPlatformStack, waitFor, withDatabase, type PlatformStack } from '@sargs/testing';

const SERVICES = ['consent', 'identity', 'notifications', 'profile', 'retention'] as const;

/** Every encoding a SHA-256 digest could take in a JSON export. */
const digestForms = (secret: string) => {
  const digest = createHash('sha256').update(secret, 'utf8').digest();
  return [digest.toString('base64'), digest.toString('base64url'), digest.toString('hex')];
};

describe('my data export through the gateway (docs/api.md "Exports", R11)', () => {
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'consent', 'notifications', 'retention'],
      env: { gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000' } },
    });
  });
  afterAll(() => stack?.stop());

  const statusOf = (session: string, id: string) => stack.client.get(`/me/exports/${id}`, { session });
  const waitUntilReady = (session: string, id: string) =>
    waitFor(
      async () => (await statusOf(session, id)).body as ExportStatusView,
      (s) => s.status !== 'pending',
      { timeoutMs: 60_000, intervalMs: 250, what: `export ${id} to be ready` },
    );

  const consentHistoryOf = async (session: string) =>
    ((await stack.client.get('/me/consents', { session })).body as { history: unknown[] }).history;

  it('collects a section from every service, with my consent history and without any secret, for me alone', async () => {
    const person = newPerson('export');
    const { accountId, session } = await signUp(stack, person, { marketingEmails: true });
    // consent records the sign-up from identity's event; then I withdraw on the account page.
    await waitFor(() => consentHistoryOf(session), (h) => h.length === 1, { what: 'consent to record the sign-up' });
    expect((await stack.client.put('/me/consents/marketing-email', { granted: false }, { session })).status).toBe(200);

    const created = await stack.client.post('/me/exports', undefined, { session });
    expect(created.status).toBe(202);
    const { id } = created.body as { id: string };
    const status = await waitUntilReady(session, id);
    expect(exportStatusView.parse(status)).toEqual({ id, status: 'ready', requestedAt: expect.any(String), readyAt: expect.any(String), expiresAt: expect.any(String) });
    expect(Date.parse(status.expiresAt as string) - Date.parse(status.readyAt as string)).toBe(48 * 3600_000);

    const download = await stack.client.get(`/me/exports/${id}/download`, { session });
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="sargs-export-${id}.json"`);
    expect(String(download.headers['content-type'])).toMatch(/^application\/json/);
    expect(download.headers['cache-control']).toBe('no-store');
    const document = exportDocumentView.parse(download.body) as ExportDocumentView;
    expect(document).toMatchObject({ exportId: id, subjectId: accountId, generatedAt: status.readyAt });
    expect(Object.keys(document.sections).sort()).toEqual([...SERVICES]);

    const { identity, profile, consent, notifications, retention } = document.sections;
    expect(identity.account).toEqual([expect.objectContaining({ id: accountId, email: person.email, name: person.name })]);
    expect(identity.session?.length).toBeGreaterThanOrEqual(1);
    expect(profile.profile).toEqual([expect.objectContaining({ accountId, name: person.name })]);
    expect(notifications.recipient).toEqual([expect.objectContaining({ accountId, email: person.email })]);
    // The consent history: the sign-up grant and the withdrawal, each with the policy version.
    const version = await stack.currentPolicyVersion();
    const ledger = [...consent.consent_record].sort((a, b) => (a.sequence as number) - (b.sequence as number));
    expect(ledger).toEqual([
      expect.objectContaining({ accountId, purpose: 'marketing-email', granted: true, method: 'signup', policyVersion: version }),
      expect.objectContaining({ accountId, purpose: 'marketing-email', granted: false, policyVersion: version }),
    ]);
    expect(consent.policy_acceptance).toEqual([expect.objectContaining({ accountId, policyVersion: version })]);
    // Retention's own section: this export's record, without the sections' contents.
    expect(retention.export_job).toEqual([expect.objectContaining({ id, subjectId: accountId })]);

    // No secret leaves: no password hash, no session or mailed-token hash in any encoding.
    const text = download.text;
    expect(text).not.toContain('$argon2');
    for (const field of ['passwordHash', 'password_hash', 'tokenHash', 'token_hash']) expect(text).not.toContain(field);
    for (const secret of [session, ...stack.openedTokens]) for (const form of digestForms(secret)) expect(text).not.toContain(form);
    expect(text).not.toContain(person.password);

    // Someone else: 404 for status and download, never 403.
    const other = await signUp(stack, newPerson('other'));
    for (const path of [`/me/exports/${id}`, `/me/exports/${id}/download`]) {
      const answer = await stack.client.get(path, { session: other.session });
      expect(answer.status).toBe(404);
      expect(answer.text).not.toContain(accountId);
    }
    // Nobody: 401.
    expect((await stack.client.post('/me/exports', undefined)).status).toBe(401);
    expect((await stack.client.get(`/me/exports/${id}`)).status).toBe(401);
    expect((await stack.client.get(`/me/exports/${id}/download`)).status).toBe(401);
    // Unknown and malformed ids: 404.
    expect((await statusOf(session, '3f0c1f7e-7c1d-4a8e-9d55-0c1a2b3c4d5e')).status).toBe(404);
    expect((await stack.client.get('/me/exports/not-an-id/download', { session })).status).toBe(404);
    expect((await stack.client.get('/me/exports/not-a-uuid', { session })).status).toBe(404);
    expect((await stack.client.get(`/me/exports/${encodeURIComponent("'; DROP TABLE export_job; --")}/download`, { session })).status).toBe(404);
  });

  it('answers with the pending export while one is pending', async () => {
    const { session } = await signUp(stack, newPerson('twice'));
    // Both requests in flight together: the one-pending rule holds between concurrent requests.
    const [first, second] = await Promise.all([stack.client.post('/me/exports', undefined, { session }), stack.client.post('/me/exports', undefined, { session })]);
    expect([first.status, second.status]).toEqual([202, 202]);
    const firstId = (first.body as { id: string }).id;
    const secondId = (second.body as { id: string }).id;
    // The second may only have started a new export if the first was already complete.
    if (secondId !== firstId) expect((await statusOf(session, firstId)).body).toMatchObject({ status: 'ready' });
    expect((await waitUntilReady(session, secondId)).status).toBe('ready');
  });

  it('lists my unexpired exports, newest first, and nobody else\'s (GET /me/exports)', async () => {
    const { session } = await signUp(stack, newPerson('list'));
    const empty = await stack.client.get('/me/exports', { session });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual([]);

    const first = ((await stack.client.post('/me/exports', undefined, { session })).body as { id: string }).id;
    await waitUntilReady(session, first);
    const second = ((await stack.client.post('/me/exports', undefined, { session })).body as { id: string }).id;
    expect(second).not.toBe(first);

    const listed = await stack.client.get('/me/exports', { session });
    expect(listed.status).toBe(200);
    const exports = myExportsView.parse(listed.body);
    expect(exports.map((e) => e.id)).toEqual([second, first]);
    // Each entry is what GET /me/exports/:id says of it.
    expect(exports[1]).toEqual((await statusOf(session, first)).body);
    expect(exports[1]).toMatchObject({ status: 'ready', readyAt: expect.any(String), expiresAt: expect.any(String) });
    expect(['pending', 'ready']).toContain(exports[0].status);

    // Someone else sees only their own (none); nobody gets 401.
    const other = await signUp(stack, newPerson('list-other'));
    expect((await stack.client.get('/me/exports', { session: other.session })).body).toEqual([]);
    expect((await stack.client.get('/me/exports')).status).toBe(401);
  });

  it('is gone after EXPORT_TTL_MS: 404, and the purge deletes it with its sections', async () => {
    await stack.processes.retention[0].stop();
    await stack.processes.retention[0].restart({ EXPORT_TTL_MS: '4000', EXPORT_SWEEP_INTERVAL_MS: '500' });
    const { session } = await signUp(stack, newPerson('expiry'));
    const created = await stack.client.post('/me/exports', undefined, { session });
    const { id } = created.body as { id: string };
    expect((await waitUntilReady(session, id)).status).toBe('ready');
    expect((await stack.client.get(`/me/exports/${id}/download`, { session })).status).toBe(200);

    await waitFor(() => statusOf(session, id).then((a) => a.status), (s) => s === 404, { timeoutMs: 15_000, intervalMs: 250, what: 'the export to expire' });
    expect((await stack.client.get(`/me/exports/${id}/download`, { session })).status).toBe(404);
    expect((await stack.client.get('/me/exports', { session })).body).toEqual([]);
    const retentionDb = stack.databases.retention?.url as string;
    const rows = () =>
      withDatabase(retentionDb, async (pg) => ({
        jobs: Number((await pg.query('SELECT count(*) AS n FROM export_job WHERE id = $1', [id])).rows[0].n),
        sections: Number((await pg.query('SELECT count(*) AS n FROM export_section WHERE export_id = $1', [id])).rows[0].n),
      }));
    await waitFor(rows, (r) => r.jobs === 0 && r.sections === 0, { timeoutMs: 10_000, what: 'the purge to delete the export' });
  });
});
