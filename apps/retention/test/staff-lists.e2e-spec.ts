import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { BackupView, ErasureCaseView } from '@sargs/contracts';
import {
  auditOutbox,
  encodeHostile,
  hostileString,
  login,
  newPerson,
  signUp,
  startPlatformStack,
  usedSecrets,
  waitFor,
  type AuditPayload,
  type Person,
  type PlatformStack,
} from '@sargs/testing';

const ADMIN = { email: 'admin.lists@example.test', password: 'saraksti pa lapām 5' };
const SERVICES = ['identity', 'profile', 'consent', 'notifications', 'retention'] as const;
/** Long enough that the scheduled backup does not race the staff one, short enough to wait for. */
const BACKUP_INTERVAL_MS = 25_000;

interface CaseSummary {
  caseId: string;
  status: string;
  requestedAt: string;
  requestedBy: 'self' | 'staff';
  requestedByStaffId: string | null;
  completedAt: string | null;
}
interface Hold {
  id: string;
  accountId: string;
  reason: string;
  until: string | null;
  createdAt: string;
  createdBy: string;
  releasedAt: string | null;
  releasedBy: string | null;
}

/** A person whose name is theirs alone, so a scan for it finds only them. */
function uniquePerson(tag: string): Person {
  const person = newPerson(tag);
  person.name = `Lelde ${tag} ${randomBytes(4).toString('hex')}`;
  return person;
}

/** Newest first by (time, id), as the lists promise. */
function isNewestFirst(items: { at: string; id: string }[]): boolean {
  return items.every((item, i) => i === 0 || item.at < items[i - 1].at || (item.at === items[i - 1].at && item.id < items[i - 1].id));
}

describe('staff lists of erasure cases and legal holds, and the audit entries retention publishes (R20, R23, R27)', () => {
  let stack: PlatformStack;
  let admin: string;
  let adminId: string;
  let user: { accountId: string; session: string };
  const people: Person[] = [];

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: [...SERVICES],
      env: {
        identity: { SARGS_ADMIN_EMAIL: ADMIN.email, SARGS_ADMIN_PASSWORD: ADMIN.password, LOGIN_FREE_ATTEMPTS_PER_CLIENT: '1000' },
        retention: { ERASURE_SWEEP_INTERVAL_MS: '300', BACKUP_INTERVAL_MS: String(BACKUP_INTERVAL_MS) },
        gateway: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000' },
      },
    });
    admin = await login(stack.client, ADMIN.email, ADMIN.password);
    adminId = ((await stack.client.get('/me', { session: admin })).body as { id: string }).id;
    const plain = uniquePerson('plain');
    people.push(plain);
    user = await signUp(stack, plain);
  }, 300_000);
  afterAll(() => stack?.stop());

  const get = async <T>(path: string): Promise<{ body: T; link: string | undefined }> => {
    const answer = await stack.client.get(path, { session: admin });
    expect(answer.status).toBe(200);
    return { body: answer.body as T, link: answer.headers.link as string | undefined };
  };
  /** Every page from `first` on, following `Link: <...>; rel="next"` (a public /api/v1/... path). */
  const allPages = async <T>(first: string, route: string): Promise<{ items: T[]; pages: number }> => {
    const items: T[] = [];
    let next: string | undefined = first;
    let pages = 0;
    while (next) {
      const { body, link }: { body: T[]; link: string | undefined } = await get<T[]>(next);
      items.push(...body);
      pages++;
      if (link) expect(link).toMatch(new RegExp(`^</api/v1${route}\\?[^>]+>; rel="next"$`));
      next = link ? /^<\/api\/v1([^>]+)>/.exec(link)?.[1] : undefined;
      expect(pages).toBeLessThan(500);
    }
    return { items, pages };
  };
  const erasureCase = async (caseId: string) => (await get<ErasureCaseView>(`/admin/erasures/${caseId}`)).body;
  /** 404 until retention has taken the closure in. */
  const waitForCase = (caseId: string, status: string) =>
    waitFor(async () => (await stack.client.get(`/admin/erasures/${caseId}`, { session: admin })).body as ErasureCaseView, (c) => c.status === status, {
      timeoutMs: 90_000,
      intervalMs: 300,
      what: `case ${caseId} ${status}`,
    });
  const placeHold = async (accountId: string, extra: { until?: string } = {}) => {
    const answer = await stack.client.post('/admin/legal-holds', { accountId, reason: 'Tiesas lieta C-7/2026', ...extra }, { session: admin });
    expect(answer.status).toBe(201);
    return (answer.body as { id: string }).id;
  };
  const auditRows = () => auditOutbox(stack.databases.retention?.url as string);
  const auditRow = (match: Partial<AuditPayload>) =>
    waitFor(auditRows, (rows) => rows.some((r) => Object.entries(match).every(([k, v]) => r[k as keyof AuditPayload] === v)), {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: `the audit entry ${JSON.stringify(match)}`,
    }).then((rows) => rows.filter((r) => Object.entries(match).every(([k, v]) => r[k as keyof AuditPayload] === v)));

  describe('GET /admin/erasures', () => {
    let selfCase: string;
    let staffCase: string;
    const heldCases: string[] = [];

    beforeAll(async () => {
      // A self closure, a staff closure, and two closures held by a legal hold, in this order.
      const self = uniquePerson('self');
      const byStaff = uniquePerson('by-staff');
      const held = [uniquePerson('held-a'), uniquePerson('held-b')];
      people.push(self, byStaff, ...held);
      const selfSession = (await signUp(stack, self)).session;
      const staffClosed = (await signUp(stack, byStaff)).accountId;
      const heldAccounts = await Promise.all(held.map((p) => signUp(stack, p)));

      const closed = await stack.client.post('/me/closure', { password: self.password }, { session: selfSession });
      expect(closed.status).toBe(202);
      selfCase = (closed.body as { caseId: string }).caseId;
      const byAdmin = await stack.client.post(`/admin/accounts/${staffClosed}/closure`, undefined, { session: admin });
      expect(byAdmin.status).toBe(202);
      staffCase = (byAdmin.body as { caseId: string }).caseId;
      for (const [i, account] of heldAccounts.entries()) {
        await placeHold(account.accountId);
        const answer = await stack.client.post('/me/closure', { password: held[i].password }, { session: account.session });
        expect(answer.status).toBe(202);
        heldCases.push((answer.body as { caseId: string }).caseId);
      }
      await Promise.all([waitForCase(selfCase, 'completed'), waitForCase(staffCase, 'completed'), ...heldCases.map((c) => waitForCase(c, 'held'))]);
    }, 300_000);

    it('lists cases newest first, a staff closure naming the staff member', async () => {
      const { body: cases } = await get<CaseSummary[]>('/admin/erasures');
      expect(isNewestFirst(cases.map((c) => ({ at: c.requestedAt, id: c.caseId })))).toBe(true);
      const order = [heldCases[1], heldCases[0], staffCase, selfCase];
      expect(cases.map((c) => c.caseId).filter((id) => order.includes(id))).toEqual(order);
      const byId = new Map(cases.map((c) => [c.caseId, c]));
      expect(byId.get(staffCase)).toEqual({
        caseId: staffCase,
        kind: 'person',
        status: 'completed',
        requestedAt: expect.any(String),
        requestedBy: 'staff',
        requestedByStaffId: adminId,
        completedAt: expect.any(String),
      });
      expect(byId.get(selfCase)).toMatchObject({ requestedBy: 'self', requestedByStaffId: null, status: 'completed' });
      expect(byId.get(heldCases[0])).toMatchObject({ requestedBy: 'self', requestedByStaffId: null, status: 'held', completedAt: null });
      // The case itself says so too.
      expect(await erasureCase(staffCase)).toMatchObject({ requestedBy: 'staff', requestedByStaffId: adminId });
      expect(await erasureCase(selfCase)).toMatchObject({ requestedBy: 'self', requestedByStaffId: null });
    });

    it('filters by status', async () => {
      const { body: held } = await get<CaseSummary[]>('/admin/erasures?status=held');
      expect(held.every((c) => c.status === 'held')).toBe(true);
      expect(held.map((c) => c.caseId)).toEqual(expect.arrayContaining(heldCases));
      const { body: completed } = await get<CaseSummary[]>('/admin/erasures?status=completed');
      expect(completed.every((c) => c.status === 'completed')).toBe(true);
      expect(completed.map((c) => c.caseId)).toEqual(expect.arrayContaining([selfCase, staffCase]));
      expect(completed.map((c) => c.caseId)).not.toContain(heldCases[0]);
      expect(isNewestFirst(completed.map((c) => ({ at: c.requestedAt, id: c.caseId })))).toBe(true);
      expect((await get<CaseSummary[]>('/admin/erasures?status=failed')).body).toEqual([]);
    });

    it('pages through a Link header: every case once, in order, the filter kept', async () => {
      const { body: all, link } = await get<CaseSummary[]>('/admin/erasures?limit=200');
      expect(link).toBeUndefined();
      expect(all.length).toBeGreaterThanOrEqual(4);
      for (const limit of [1, 2]) {
        const { items, pages } = await allPages<CaseSummary>(`/admin/erasures?limit=${limit}`, '/admin/erasures');
        expect(items.map((c) => c.caseId)).toEqual(all.map((c) => c.caseId));
        expect(pages).toBe(Math.ceil(all.length / limit));
      }
      const { items: held, pages } = await allPages<CaseSummary>('/admin/erasures?status=held&limit=1', '/admin/erasures');
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(held.every((c) => c.status === 'held')).toBe(true);
      expect(held.map((c) => c.caseId)).toEqual((await get<CaseSummary[]>('/admin/erasures?status=held')).body.map((c) => c.caseId));
    });
  });

  describe('GET /admin/legal-holds', () => {
    const x = randomUUID();
    const y = randomUUID();
    let first: string;
    let second: string;
    let other: string;

    beforeAll(async () => {
      first = await placeHold(x);
      second = await placeHold(x);
      other = await placeHold(y);
      expect((await stack.client.delete(`/admin/legal-holds/${first}`, { session: admin })).status).toBe(204);
      // A second removal changes nothing, and is no second audit entry.
      expect((await stack.client.delete(`/admin/legal-holds/${first}`, { session: admin })).status).toBe(204);
    });

    it('lists active and lifted holds of one account, newest first, with releasedAt once lifted', async () => {
      const { body: holds } = await get<Hold[]>(`/admin/legal-holds?accountId=${x}`);
      expect(holds.map((h) => h.id)).toEqual([second, first]);
      expect(holds[0]).toEqual({
        id: second,
        accountId: x,
        reason: 'Tiesas lieta C-7/2026',
        until: null,
        createdAt: expect.any(String),
        createdBy: adminId,
        releasedAt: null,
        releasedBy: null,
      });
      expect(holds[1]).toMatchObject({ id: first, createdBy: adminId, releasedBy: adminId, releasedAt: expect.any(String) });
      expect(Date.parse(holds[1].releasedAt as string)).toBeGreaterThanOrEqual(Date.parse(holds[1].createdAt));
      // The account id is matched whatever its case.
      expect((await get<Hold[]>(`/admin/legal-holds?accountId=${x.toUpperCase()}`)).body.map((h) => h.id)).toEqual([second, first]);
      expect((await get<Hold[]>(`/admin/legal-holds?accountId=${randomUUID()}`)).body).toEqual([]);
    });

    it('filters by state', async () => {
      expect((await get<Hold[]>(`/admin/legal-holds?accountId=${x}&active=true`)).body.map((h) => h.id)).toEqual([second]);
      expect((await get<Hold[]>(`/admin/legal-holds?accountId=${x}&active=false`)).body.map((h) => h.id)).toEqual([first]);
      const active = (await get<Hold[]>('/admin/legal-holds?active=true&limit=200')).body;
      expect(active.every((h) => h.releasedAt === null)).toBe(true);
      expect(active.map((h) => h.id)).toEqual(expect.arrayContaining([second, other]));
      expect(active.map((h) => h.id)).not.toContain(first);
      const lifted = (await get<Hold[]>('/admin/legal-holds?active=false&limit=200')).body;
      expect(lifted.every((h) => h.releasedAt !== null)).toBe(true);
      expect(lifted.map((h) => h.id)).toContain(first);
    });

    it('pages through every hold once, newest first', async () => {
      const { body: all, link } = await get<Hold[]>('/admin/legal-holds?limit=200');
      expect(link).toBeUndefined();
      expect(all.map((h) => h.id)).toEqual(expect.arrayContaining([first, second, other]));
      expect(isNewestFirst(all.map((h) => ({ at: h.createdAt, id: h.id })))).toBe(true);
      const { items, pages } = await allPages<Hold>('/admin/legal-holds?limit=2', '/admin/legal-holds');
      expect(items.map((h) => h.id)).toEqual(all.map((h) => h.id));
      expect(new Set(items.map((h) => h.id)).size).toBe(items.length);
      expect(pages).toBe(Math.ceil(all.length / 2));
      const { items: ofX } = await allPages<Hold>(`/admin/legal-holds?accountId=${x}&limit=1`, '/admin/legal-holds');
      expect(ofX.map((h) => h.id)).toEqual([second, first]);
    });

    it('puts placing and lifting in the audit trail: the staff member, the account, the hold; once each', async () => {
      expect(await auditRow({ action: 'legal-hold.placed', reference: first })).toEqual([
        expect.objectContaining({ actorId: adminId, subject: x, service: 'retention' }),
      ]);
      expect(await auditRow({ action: 'legal-hold.placed', reference: other })).toEqual([expect.objectContaining({ actorId: adminId, subject: y })]);
      expect(await auditRow({ action: 'legal-hold.lifted', reference: first })).toEqual([expect.objectContaining({ actorId: adminId, subject: x })]);
      expect((await auditRows()).filter((r) => r.action === 'legal-hold.lifted' && r.reference === second)).toEqual([]);
    });

    it('lifts a hold whose end date passed, with no staff member', async () => {
      const z = randomUUID();
      const hold = await placeHold(z, { until: new Date(Date.now() + 2_000).toISOString() });
      const [lifted] = await waitFor(async () => (await get<Hold[]>(`/admin/legal-holds?accountId=${z}`)).body, (h) => h[0]?.releasedAt !== null, {
        timeoutMs: 30_000,
        intervalMs: 300,
        what: 'the hold to lapse',
      });
      expect(lifted).toMatchObject({ id: hold, releasedBy: null, until: expect.any(String) });
      expect(await auditRow({ action: 'legal-hold.lifted', reference: hold })).toEqual([expect.objectContaining({ actorId: null, subject: z })]);
    });
  });

  describe('privacy-request answers in the audit trail', () => {
    it('names the staff member, the requester and the request', async () => {
      const ids: Record<string, string> = {};
      for (const status of ['answered', 'rejected'] as const) {
        const filed = await stack.client.post('/privacy-requests', { type: 'access', message: 'Kādus datus par mani glabājat?' }, { session: user.session });
        expect(filed.status).toBe(201);
        ids[status] = (filed.body as { id: string }).id;
        const answered = await stack.client.patch(`/admin/privacy-requests/${ids[status]}`, { status, response: 'Skatiet eksportu kontā.' }, { session: admin });
        expect(answered.status).toBe(200);
      }
      expect(await auditRow({ action: 'privacy-request.answered', reference: ids.answered })).toEqual([
        expect.objectContaining({ actorId: adminId, subject: user.accountId, service: 'retention' }),
      ]);
      expect(await auditRow({ action: 'privacy-request.rejected', reference: ids.rejected })).toEqual([
        expect.objectContaining({ actorId: adminId, subject: user.accountId }),
      ]);
      // A second answer is 409 and no second entry.
      expect((await stack.client.patch(`/admin/privacy-requests/${ids.answered}`, { status: 'rejected', response: 'x' }, { session: admin })).status).toBe(409);
      expect((await auditRows()).filter((r) => r.reference === ids.answered)).toHaveLength(1);
    });
  });

  describe('backups in the audit trail', () => {
    it('enters backup.taken at completion: the staff member for POST /admin/backups, nobody for the schedule', async () => {
      const started = await waitFor(() => stack.client.post('/admin/backups', undefined, { session: admin }), (r) => r.status !== 409, {
        timeoutMs: 60_000,
        intervalMs: 500,
        what: 'a backup to start',
      });
      expect(started.status).toBe(202);
      const backupId = (started.body as { id: string }).id;
      const catalogue = async () => (await get<BackupView[]>('/admin/backups')).body;
      const done = await waitFor(catalogue, (list) => list.some((b) => b.id === backupId && b.status !== 'running'), { timeoutMs: 120_000, what: 'the backup to finish' });
      expect(done.find((b) => b.id === backupId)?.status).toBe('completed');
      expect(await auditRow({ action: 'backup.taken', subject: backupId })).toEqual([expect.objectContaining({ actorId: adminId, reference: null, service: 'retention' })]);

      // The schedule takes the next one by itself, BACKUP_INTERVAL_MS after ours started.
      const later = await waitFor(catalogue, (list) => list.some((b) => b.id !== backupId && b.status === 'completed' && b.startedAt > (list.find((x) => x.id === backupId)?.startedAt ?? '')), {
        timeoutMs: BACKUP_INTERVAL_MS + 90_000,
        intervalMs: 1_000,
        what: 'a scheduled backup',
      });
      const scheduled = later.find((b) => b.id !== backupId && b.status === 'completed') as BackupView;
      expect(await auditRow({ action: 'backup.taken', subject: scheduled.id })).toEqual([expect.objectContaining({ actorId: null })]);
    }, 300_000);
  });

  describe('access and input', () => {
    const routes = ['/admin/erasures', '/admin/legal-holds'];

    it('answers a user 403 and no session 401', async () => {
      for (const route of routes) {
        const refused = await stack.client.get(route, { session: user.session });
        expect(refused.status).toBe(403);
        expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect((await stack.client.get(route)).status).toBe(401);
      }
    });

    it('refuses bad query values with 422 naming the field', async () => {
      const cursor = (text: string) => Buffer.from(text).toString('base64url');
      const cases: [string, string][] = [
        ['/admin/erasures?status=deleted', 'status'],
        ['/admin/erasures?limit=0', 'limit'],
        ['/admin/erasures?limit=201', 'limit'],
        ['/admin/erasures?limit=two', 'limit'],
        ['/admin/erasures?cursor=!!', 'cursor'],
        [`/admin/erasures?cursor=${cursor('not|a|cursor')}`, 'cursor'],
        // Shaped like ours but naming no uuid, or a time PostgreSQL cannot hold: still 422, never 500.
        [`/admin/erasures?cursor=${cursor(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`)}`, 'cursor'],
        [`/admin/erasures?cursor=${cursor(`-271821-04-20T00:00:00.000Z|${randomUUID()}`)}`, 'cursor'],
        ['/admin/legal-holds?accountId=nope', 'accountId'],
        ['/admin/legal-holds?active=yes', 'active'],
        ['/admin/legal-holds?active=', 'active'],
        ['/admin/legal-holds?limit=-1', 'limit'],
        [`/admin/legal-holds?cursor=${cursor(`+275760-09-13T00:00:00.000Z|${randomUUID()}`)}`, 'cursor'],
      ];
      for (const [path, field] of cases) {
        const answer = await stack.client.get(path, { session: admin });
        expect({ path, status: answer.status }).toEqual({ path, status: 422 });
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect((answer.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
      }
    });

    it('never answers a hostile query with a 5xx', async () => {
      const hostile = hostileString([adminId, 'held', 'true', '2', "x' OR '1'='1", Buffer.from(`2026-01-01T00:00:00.000Z|${randomUUID()}`).toString('base64url')]);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes),
          fc.constantFrom('status', 'accountId', 'active', 'limit', 'cursor', 'x', 'status[]'),
          hostile,
          async (route, name, value) => {
            const twice = await stack.client.get(`${route}?${name}=${encodeHostile(value)}&${name}=${encodeHostile(value)}`, { session: admin });
            expect(twice.status).toBeLessThan(500);
            if (twice.status >= 400) expect(twice.headers['content-type']).toMatch(/^application\/problem\+json/);
            const single = await stack.client.get(`${route}?${name}=${encodeHostile(value)}`, { session: admin });
            expect(single.status).toBeLessThan(500);
          },
        ),
        { numRuns: 80 },
      );
    });
  });

  it("gives a dpo every staff lookup and list of R23/R27, and keeps role changes the admin's", async () => {
    const person = uniquePerson('dpo');
    people.push(person);
    const { accountId } = await signUp(stack, person);
    expect((await stack.client.put(`/admin/accounts/${accountId}/roles`, { roles: ['dpo'] }, { session: admin })).status).toBe(200);
    const dpo = await login(stack.client, person.email, person.password);
    for (const path of [
      `/admin/accounts?email=${encodeURIComponent(person.email)}`,
      `/admin/accounts/${accountId}`,
      '/admin/erasures',
      '/admin/erasures?status=completed',
      '/admin/legal-holds',
      `/admin/legal-holds?accountId=${user.accountId}`,
      '/admin/incidents',
      '/admin/campaigns',
      '/admin/audit',
      '/admin/audit/verification',
    ]) {
      const answer = await stack.client.get(path, { session: dpo });
      expect([path, answer.status]).toEqual([path, 200]);
      expect([path, (await stack.client.get(path, { session: user.session })).status]).toEqual([path, 403]);
      expect([path, (await stack.client.get(path)).status]).toEqual([path, 401]);
    }
    const refused = await stack.client.put(`/admin/accounts/${user.accountId}/roles`, { roles: ['dpo'] }, { session: dpo });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('publishes audit entries with ids only: no address, name or password', async () => {
    const rows = await auditRows();
    expect(rows.length).toBeGreaterThan(0);
    const text = JSON.stringify(rows).toLowerCase();
    for (const secret of [...usedSecrets, ...people.map((p) => p.name), ADMIN.email, ADMIN.password]) expect(text).not.toContain(secret.toLowerCase());
    expect(text).not.toContain('@');
    expect(text).not.toContain('tiesas lieta');
  });
});
