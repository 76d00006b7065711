import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { auditOutbox, encodeHostile, hostileString, signUp, startPlatformStack, waitFor, type ApiResponse, type PlatformStack } from '@sargs/testing';
import type { BroadcastStatusView } from '@sargs/contracts';
import { login, newPerson, notificationsDbUrl, waitForRecipient } from './notifications-e2e-kit';

const ADMIN = { email: 'admin.broadcast-lists@example.test', password: 'vējš pūš pār kāpām 4' };

interface Summary {
  id: string;
  kind: 'incident' | 'campaign';
  title?: string;
  subject?: { lv: string; en: string };
  createdAt: string;
  createdBy: string | null;
  notified: number;
  pending: number;
  failed: number;
  skipped: number;
}


const cursorOf = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('staff lists of incidents and campaigns, and their audit entries (docs/api.md "Staff lookups, roles and the audit trail")', () => {
  let stack: PlatformStack;
  let admin: string;
  let adminId: string;
  const person = newPerson('broadcast-lists');
  let personId: string;
  const incidents: { id: string; title: string }[] = [];
  const campaigns: { id: string; subject: { lv: string; en: string } }[] = [];

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'consent', 'notifications'],
      env: {
        identity: { SARGS_ADMIN_EMAIL: ADMIN.email, SARGS_ADMIN_PASSWORD: ADMIN.password, LOGIN_FREE_ATTEMPTS_PER_CLIENT: '100000' },
        gateway: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000' },
      },
    });
    admin = await login(stack, ADMIN.email, ADMIN.password);
    adminId = ((await stack.client.get('/me', { session: admin })).body as { id: string }).id;
    personId = (await signUp(stack, person)).accountId;
    await waitForRecipient(stack, personId);

    // Declared one after another: the newest is the last one.
    for (const n of [1, 2, 3]) {
      const title = `Incident ${n} ${randomUUID().slice(0, 8)}`;
      // One listed account that can be mailed and one nobody knows: notified 1, skipped 1 once sent.
      const audience = { accountIds: [personId, randomUUID()] };
      const created = await stack.client.post('/admin/incidents', { title, message: { lv: 'Drošības paziņojums.', en: 'Security notice.' }, audience }, { session: admin });
      expect(created.status).toBe(202);
      incidents.push({ id: (created.body as { id: string }).id, title });
    }
    for (const n of [1, 2]) {
      const subject = { lv: `Ziņas ${n}`, en: `News ${n}` };
      const created = await stack.client.post('/admin/campaigns', { subject, body: { lv: 'Jaunumi.', en: 'News.' } }, { session: admin });
      expect(created.status).toBe(202);
      campaigns.push({ id: (created.body as { id: string }).id, subject });
    }
    // Every incident mailed: the counts stop moving.
    for (const { id } of incidents) {
      await waitFor(() => status('incidents', id), (s) => s.queuedAll && s.pending === 0, { timeoutMs: 30_000, what: `incident ${id} sent` });
    }
  });
  afterAll(() => stack?.stop());

  const status = async (kind: 'incidents' | 'campaigns', id: string) => (await stack.client.get(`/admin/${kind}/${id}`, { session: admin })).body as BroadcastStatusView;
  /** `session` null: none at all. */
  const list = (kind: 'incidents' | 'campaigns', query = '', session: string | null = admin) => stack.client.get(`/admin/${kind}${query}`, session ? { session } : {});
  /** The public path of a `rel="next"` link, or undefined when there is none. */
  const nextOf = (answer: ApiResponse): string | undefined => {
    const link = answer.headers.link as string | undefined;
    if (link === undefined) return undefined;
    expect(link).toMatch(/^<\/api\/v1\/admin\/(incidents|campaigns)\?[^>]+>; rel="next"$/u);
    return /^<([^>]+)>/u.exec(link)?.[1];
  };
  const expectProblem = (answer: ApiResponse, status: number) => {
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/u);
    expect(answer.body).toMatchObject({ status });
  };
  const auditRows = () => auditOutbox(notificationsDbUrl(stack));

  it('lists incidents newest first, with their title, who declared them and the counts their status route gives', async () => {
    const answer = await list('incidents');
    expect(answer.status).toBe(200);
    expect(answer.headers.link).toBeUndefined();
    const rows = answer.body as Summary[];
    expect(rows.map((r) => r.id)).toEqual(incidents.map((i) => i.id).reverse());
    for (const row of rows) {
      const { id, kind, createdAt, notified, pending, failed, skipped } = await status('incidents', row.id);
      expect(row).toEqual({ id, kind, title: incidents.find((i) => i.id === id)?.title, createdAt, createdBy: adminId, notified, pending, failed, skipped });
      expect({ notified, pending, failed, skipped }).toEqual({ notified: 1, pending: 0, failed: 0, skipped: 1 });
      // The status route names the incident and who declared it too (the console's incident page).
      expect(await status('incidents', row.id)).toMatchObject({ title: row.title, createdBy: adminId });
      expect(await status('incidents', row.id)).not.toHaveProperty('subject');
    }
    const times = rows.map((r) => Date.parse(r.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('lists campaigns newest first, with their subject in both languages, who sent them and their counts', async () => {
    const answer = await list('campaigns');
    expect(answer.status).toBe(200);
    const rows = answer.body as Summary[];
    expect(rows.map((r) => r.id)).toEqual(campaigns.map((c) => c.id).reverse());
    for (const row of rows) {
      const { id, kind, createdAt, notified, pending, failed, skipped } = await status('campaigns', row.id);
      expect(row).toEqual({ id, kind, subject: campaigns.find((c) => c.id === id)?.subject, createdAt, createdBy: adminId, notified, pending, failed, skipped });
      expect(await status('campaigns', row.id)).toMatchObject({ subject: row.subject, createdBy: adminId });
      expect(await status('campaigns', row.id)).not.toHaveProperty('title');
    }
  });

  it('pages through a Link header: the public next link fetches the next page, and the pages hold every entry once, in order', async () => {
    for (const [kind, limit, expected] of [
      ['incidents', 2, incidents.map((i) => i.id).reverse()],
      ['incidents', 1, incidents.map((i) => i.id).reverse()],
      ['campaigns', 1, campaigns.map((c) => c.id).reverse()],
    ] as const) {
      const seen: string[] = [];
      const sizes: number[] = [];
      let answer = await list(kind, `?limit=${limit}`);
      for (;;) {
        expect(answer.status).toBe(200);
        const rows = answer.body as Summary[];
        sizes.push(rows.length);
        seen.push(...rows.map((r) => r.id));
        const next = nextOf(answer);
        if (!next) break;
        expect(next).toContain(`limit=${limit}`);
        // Followed as a browser would: the link is a path on the public origin.
        answer = await stack.roots[0].get(next, { session: admin });
      }
      expect(seen).toEqual(expected);
      expect(sizes.every((size) => size <= limit)).toBe(true);
      expect(sizes).toHaveLength(Math.ceil(expected.length / limit));
    }
  });

  it('records incident.declared and campaign.sent in the outbox with the staff id and the broadcast id, never an address, name or text', async () => {
    const rows = await auditRows();
    const entries = rows.map(({ action, actorId, subject, reference, service }) => ({ action, actorId, subject, reference, service }));
    expect(entries).toEqual([
      ...incidents.map((i) => ({ action: 'incident.declared', actorId: adminId, subject: i.id, reference: null, service: 'notifications' })),
      ...campaigns.map((c) => ({ action: 'campaign.sent', actorId: adminId, subject: c.id, reference: null, service: 'notifications' })),
    ]);
    const text = JSON.stringify(rows).toLowerCase();
    for (const secret of [ADMIN.email, person.email, person.name, ...incidents.map((i) => i.title), 'ziņas', 'news', 'drošības', 'security notice']) {
      expect(text).not.toContain(secret.toLowerCase());
    }
  });

  it('refuses a person without a staff role (403, and the gateway logs who tried which route) and a request without a session (401)', async () => {
    const user = await signUp(stack, newPerson('broadcast-lists-user'));
    for (const kind of ['incidents', 'campaigns'] as const) {
      expectProblem(await list(kind, '?limit=1', user.session), 403);
      expectProblem(await list(kind, '', null), 401);
    }
    const refused = await waitFor(
      async () =>
        stack
          .fullOutput()
          .split('\n')
          .filter((line) => line.includes('"staff route refused"') && line.includes(user.accountId)),
      (lines) => lines.length >= 2,
      { timeoutMs: 10_000, what: 'the refused staff calls in the gateway log' },
    );
    expect(refused.map((line) => (JSON.parse(line.slice(line.indexOf('{'))) as { route: string }).route).sort()).toEqual(['/admin/campaigns', '/admin/incidents']);
    for (const line of refused) expect(line).not.toMatch(/example\.test|limit=|__Host-sid/u);
  });

  it('refuses bad paging values with 422 naming the field', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=1&limit=2', 'limit'],
      ['cursor=!!', 'cursor'],
      ['cursor=', 'cursor'],
      [`cursor=${cursorOf('not|a|cursor')}`, 'cursor'],
      // The shape of a cursor, with an id that is not a uuid, or a time PostgreSQL cannot hold.
      [`cursor=${cursorOf(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`)}`, 'cursor'],
      [`cursor=${cursorOf(`-271821-04-20T00:00:00.000Z|${randomUUID()}`)}`, 'cursor'],
      [`cursor=${cursorOf(`+275760-09-13T00:00:00.000Z|${randomUUID()}`)}`, 'cursor'],
    ]) {
      for (const kind of ['incidents', 'campaigns'] as const) {
        const answer = await list(kind, `?${query}`);
        expectProblem(answer, 422);
        expect([query, (answer.body as { errors: { field: string }[] }).errors.map((e) => e.field)]).toEqual([query, [field]]);
      }
    }
    // A well-formed cursor past every entry is an empty page, not an error.
    const oldest = await list('incidents', `?cursor=${cursorOf(`2000-01-01T00:00:00.000Z|${randomUUID()}`)}`);
    expect([oldest.status, oldest.body]).toEqual([200, []]);
  });

  it('never answers a hostile query string with a 5xx', async () => {
    const value = hostileString(['0', '-1', '201', '1e3', 'NaN', cursorOf(`2026-01-01T00:00:00.000Z|${randomUUID()}`)]);
    const name = fc.oneof(fc.constantFrom('limit', 'cursor', 'limit[]', 'cursor[x]', '__proto__'), fc.string({ maxLength: 20 }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('incidents', 'campaigns'), fc.array(fc.tuple(name, value), { maxLength: 3 }), async (kind, pairs) => {
        const query = pairs.map(([k, v]) => `${encodeHostile(k)}=${encodeHostile(v)}`).join('&');
        const answer = await list(kind as 'incidents' | 'campaigns', `?${query}`);
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/u);
      }),
      { numRuns: 80 },
    );
  });
});
