import {
  login as loginThrough,
  newPerson,
  register,
  startPlatformStack,
  tokenFromMail,
  waitFor,
  withDatabase,
  type CaughtMail,
  type Person,
  type PlatformStack,
} from '@sargs/testing';
import { PRIVACY_REQUEST_TYPES, type PrivacyRequestView, type StaffPrivacyRequestView } from '@sargs/contracts';
import { privacyRequestDueAt } from '../src/privacy-requests/privacy-request-due-date';

const STAFF = { email: 'dpo.privacy-requests@example.test', password: 'staff tilts pār daugavu 9' };
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

const template = (name: string) => (mail: CaughtMail) => mail.headers['x-sargs-template'] === name;

describe('privacy requests through the gateway (R12, R22, R23)', () => {
  let stack: PlatformStack;
  let staff: string;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'consent', 'notifications', 'retention'],
      env: {
        identity: { SARGS_ADMIN_EMAIL: STAFF.email, SARGS_ADMIN_PASSWORD: STAFF.password, LOGIN_FREE_ATTEMPTS_PER_CLIENT: '1000' },
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000' },
      },
    });
    staff = await loginThrough(stack.client, STAFF.email, STAFF.password);
  });
  afterAll(() => stack?.stop());

  /** Signs up through the gateway and verifies with the mailed link, as a person would. */
  async function signUpByMail(person: Person, extra: Record<string, unknown> = {}): Promise<string> {
    const answer = await register(stack, person, extra);
    if (answer.status !== 202) throw new Error(`sign-up answered ${answer.status}: ${answer.text}`);
    const verification = await stack.mail.waitForMail(person.email, template('verify-email'));
    const verified = await stack.client.post('/accounts/verification', { token: tokenFromMail(verification, '/verify-email') });
    if (verified.status !== 204) throw new Error(`verification answered ${verified.status}: ${verified.text}`);
    return loginThrough(stack.client, person.email, person.password);
  }

  const accountIdOf = async (session: string): Promise<string> => ((await stack.client.get('/me', { session })).body as { id: string }).id;

  function dbUrl(service: 'retention' | 'notifications'): string {
    const db = stack.databases[service];
    if (!db) throw new Error(`${service} database missing`);
    return db.url;
  }

  /** Waits until notifications' directory has the account, verified, in that language. */
  const waitForRecipient = (accountId: string, language: 'lv' | 'en') =>
    waitFor(
      () => withDatabase(dbUrl('notifications'), async (pg) => (await pg.query('SELECT email_verified, language FROM recipient WHERE account_id = $1', [accountId])).rows[0] as { email_verified: boolean; language: string } | undefined),
      (row) => row?.email_verified === true && row.language === language,
      { timeoutMs: 30_000, what: `notifications to know ${accountId} in ${language}` },
    );

  const file = (session: string, type: string, message: string) => stack.client.post('/privacy-requests', { type, message }, { session });
  const mine = async (session: string) => (await stack.client.get('/me/privacy-requests', { session })).body as PrivacyRequestView[];
  const staffList = async (query = '') => {
    const answer = await stack.client.get(`/admin/privacy-requests${query}`, { session: staff });
    expect(answer.status).toBe(200);
    return answer.body as StaffPrivacyRequestView[];
  };

  let anna: { person: Person; session: string; accountId: string };
  let ben: { person: Person; session: string; accountId: string };
  const annasIds: string[] = [];

  beforeAll(async () => {
    const a = newPerson('pr-anna');
    const b = newPerson('pr-ben');
    const [annaSession, benSession] = await Promise.all([signUpByMail(a, { language: 'lv' }), signUpByMail(b, { language: 'en' })]);
    anna = { person: a, session: annaSession, accountId: await accountIdOf(annaSession) };
    ben = { person: b, session: benSession, accountId: await accountIdOf(benSession) };
  });

  it('needs a session (401), and staff for the console (403)', async () => {
    expect((await stack.client.post('/privacy-requests', { type: 'question', message: 'Hello?' })).status).toBe(401);
    expect((await stack.client.get('/me/privacy-requests')).status).toBe(401);
    expect((await stack.client.get('/admin/privacy-requests')).status).toBe(401);
    expect((await stack.client.patch(`/admin/privacy-requests/${UNKNOWN_ID}`, { status: 'answered', response: 'x' })).status).toBe(401);
    expect((await stack.client.get('/admin/privacy-requests', { session: anna.session })).status).toBe(403);
    expect((await stack.client.patch(`/admin/privacy-requests/${UNKNOWN_ID}`, { status: 'answered', response: 'x' }, { session: anna.session })).status).toBe(403);
  });

  it('takes a request of each type, due one calendar month later (UTC)', async () => {
    for (const type of PRIVACY_REQUEST_TYPES) {
      const before = new Date();
      const answer = await file(anna.session, type, `Mans ${type} pieprasījums.\nOtrā rindiņa.`);
      const after = new Date();
      expect(answer.status).toBe(201);
      const { id, dueAt } = answer.body as { id: string; dueAt: string };
      expect(id).toMatch(/^[0-9a-f-]{36}$/u);
      expect(Object.keys(answer.body as object).sort()).toEqual(['dueAt', 'id']);
      expect(Date.parse(dueAt)).toBeGreaterThanOrEqual(privacyRequestDueAt(before).getTime());
      expect(Date.parse(dueAt)).toBeLessThanOrEqual(privacyRequestDueAt(after).getTime());
      annasIds.unshift(id);
    }
  });

  it('refuses a bad type or message with 422 naming the field, and writes nothing', async () => {
    const bad = [
      { type: 'complaint', message: 'x' },
      { type: 'access', message: '' },
      { type: 'access', message: '   \n ' },
      { type: 'access', message: 'a'.repeat(5001) },
      { type: 'access', message: 'bell\u0007' },
      { type: 'access', message: 42 },
      { type: 'access' },
      { message: 'no type' },
    ];
    for (const body of bad) {
      const answer = await stack.client.post('/privacy-requests', body, { session: ben.session });
      expect(answer.status).toBe(422);
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/u);
      const fields = (answer.body as { errors: { field: string }[] }).errors.map((e) => e.field);
      expect(fields.length).toBeGreaterThan(0);
      expect(fields.every((f) => f === 'type' || f === 'message')).toBe(true);
    }
    const extra = await stack.client.post('/privacy-requests', { type: 'access', message: 'x', accountId: anna.accountId }, { session: ben.session });
    expect(extra.status).toBe(422);
    expect((await stack.client.post('/privacy-requests', 'type=access', { session: ben.session, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    expect(await mine(ben.session)).toEqual([]);
  });

  it("lists my own requests only, newest first; another person sees none of mine", async () => {
    const annas = await mine(anna.session);
    expect(annas.map((r) => r.id)).toEqual(annasIds);
    expect(annas.map((r) => r.type)).toEqual([...PRIVACY_REQUEST_TYPES].reverse());
    for (const r of annas) {
      expect(r.status).toBe('open');
      expect(r.response).toBeUndefined();
      expect(r.answeredAt).toBeUndefined();
      expect(Date.parse(r.dueAt)).toBe(privacyRequestDueAt(new Date(r.createdAt)).getTime());
    }
    expect(await mine(ben.session)).toEqual([]);
    const bens = await file(ben.session, 'question', 'What do you keep about me?');
    expect(bens.status).toBe(201);
    expect((await mine(ben.session)).map((r) => r.id)).toEqual([(bens.body as { id: string }).id]);
    expect((await mine(anna.session)).map((r) => r.id)).toEqual(annasIds);
  });

  it('shows staff every request, marks an open one past its due date as overdue, and filters by status', async () => {
    const late = annasIds[annasIds.length - 1];
    // To the millisecond, as the service stores times (the list cursors carry milliseconds).
    await withDatabase(dbUrl('retention'), (pg) => pg.query(`UPDATE privacy_request SET due_at = date_trunc('milliseconds', now()) - interval '1 day' WHERE id = $1`, [late]));
    const all = await staffList();
    const annas = all.filter((r) => r.accountId === anna.accountId);
    expect(annas.map((r) => r.id)).toEqual(annasIds);
    expect(all.some((r) => r.accountId === ben.accountId)).toBe(true);
    expect(annas.find((r) => r.id === late)).toMatchObject({ status: 'open', overdue: true, message: expect.stringContaining('pieprasījums') });
    expect(annas.filter((r) => r.id !== late).every((r) => r.overdue === false)).toBe(true);
    const open = await staffList('?status=open');
    expect(open.every((r) => r.status === 'open')).toBe(true);
    expect(open.map((r) => r.id)).toEqual(expect.arrayContaining(annasIds));
    expect(await staffList('?status=answered')).toEqual([]);
    expect((await stack.client.get('/admin/privacy-requests?status=late', { session: staff })).status).toBe(422);
  });

  it('orders the open requests by due date (overdue first), pages through Link, and shows one request by id', async () => {
    const late = annasIds[annasIds.length - 1];
    const queue = await staffList('?status=open&order=due');
    expect(queue[0]).toMatchObject({ id: late, overdue: true });
    const dues = queue.map((r) => Date.parse(r.dueAt));
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);

    // One entry a page: following the public next links gives the same list, each entry once.
    const seen: string[] = [];
    let answer = await stack.client.get('/admin/privacy-requests?status=open&order=due&limit=1', { session: staff });
    for (;;) {
      expect(answer.status).toBe(200);
      seen.push(...(answer.body as StaffPrivacyRequestView[]).map((r) => r.id));
      const link = answer.headers.link as string | undefined;
      if (!link) break;
      expect(link).toMatch(/^<\/api\/v1\/admin\/privacy-requests\?[^>]*order=due[^>]*>; rel="next"$/u);
      answer = await stack.roots[0].get(/^<([^>]+)>/u.exec(link)?.[1] as string, { session: staff });
    }
    expect(seen).toEqual(queue.map((r) => r.id));
    const newest = await staffList('?limit=2');
    expect(newest.map((r) => r.id)).toEqual((await staffList()).slice(0, 2).map((r) => r.id));
    expect((await stack.client.get('/admin/privacy-requests?order=oldest', { session: staff })).status).toBe(422);
    expect((await stack.client.get('/admin/privacy-requests?cursor=bm90LW91cnM', { session: staff })).status).toBe(422);

    const one = await stack.client.get(`/admin/privacy-requests/${late}`, { session: staff });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(queue[0]);
    expect((await stack.client.get(`/admin/privacy-requests/${UNKNOWN_ID}`, { session: staff })).status).toBe(404);
    expect((await stack.client.get('/admin/privacy-requests/not-a-uuid', { session: staff })).status).toBe(404);
    expect((await stack.client.get(`/admin/privacy-requests/${late}`, { session: anna.session })).status).toBe(403);
  });

  it('answers a request (200), refuses a second answer (409), and mails the person in their language without the answer', async () => {
    const [latest] = annasIds;
    const late = annasIds[annasIds.length - 1];
    const response = 'Jūsu dati ir izlaboti. Slepenā atbilde 7731.';
    const answered = await stack.client.patch(`/admin/privacy-requests/${late}`, { status: 'answered', response }, { session: staff });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ id: late, status: 'answered', response, overdue: false, accountId: anna.accountId, answeredAt: expect.any(String) });

    const again = await stack.client.patch(`/admin/privacy-requests/${late}`, { status: 'rejected', response: 'Changed my mind' }, { session: staff });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/u);
    expect((await stack.client.patch(`/admin/privacy-requests/${UNKNOWN_ID}`, { status: 'answered', response: 'x' }, { session: staff })).status).toBe(404);
    expect((await stack.client.patch('/admin/privacy-requests/not-a-uuid', { status: 'answered', response: 'x' }, { session: staff })).status).toBe(404);
    const badBody = await stack.client.patch(`/admin/privacy-requests/${latest}`, { status: 'open', response: '' }, { session: staff });
    expect(badBody.status).toBe(422);
    expect((badBody.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['response', 'status']);

    const view = (await mine(anna.session)).find((r) => r.id === late);
    expect(view).toMatchObject({ status: 'answered', response, answeredAt: expect.any(String) });
    expect(view).not.toHaveProperty('answeredBy');
    expect((await mine(anna.session)).find((r) => r.id === latest)?.status).toBe('open');

    await waitForRecipient(anna.accountId, 'lv');
    const mail = await stack.mail.waitForMail(anna.person.email, template('privacy-request-answered'));
    expect(mail.headers['x-sargs-category']).toBe('transactional');
    expect(mail.headers['list-unsubscribe']).toBeUndefined();
    expect(mail.html).toContain('lang="lv"');
    expect(mail.subject).toBe('Uz jūsu privātuma pieprasījumu ir atbildēts');
    expect(mail.text).toContain(`${stack.publicOrigin}/privacy-requests`);
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).not.toContain('7731');
      expect(part).not.toContain('pieprasījums.\nOtrā');
    }

    // The event carries ids and the outcome only.
    const events = await withDatabase(dbUrl('retention'), async (pg) =>
      (await pg.query(`SELECT envelope FROM outbox_message WHERE topic = 'privacy.request.v1'`)).rows.map((r) => (r as { envelope: { type: string; subjectId: string; payload: Record<string, unknown> } }).envelope),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'PrivacyRequestAnswered', subjectId: anna.accountId, payload: { requestId: late, accountId: anna.accountId, status: 'answered' } });
    expect(Object.keys(events[0].payload).sort()).toEqual(['accountId', 'answeredAt', 'requestId', 'status']);
  });

  it('mails a rejection in English to an English speaker, once', async () => {
    const [bens] = await mine(ben.session);
    const rejected = await stack.client.patch(`/admin/privacy-requests/${bens.id}`, { status: 'rejected', response: 'We need more detail.' }, { session: staff });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', response: 'We need more detail.' });
    await waitForRecipient(ben.accountId, 'en');
    const mail = await stack.mail.waitForMail(ben.person.email, template('privacy-request-answered'));
    expect(mail.headers['x-sargs-category']).toBe('transactional');
    expect(mail.html).toContain('lang="en"');
    expect(mail.subject).toBe('Your privacy request was rejected');
    expect(mail.text).toContain(`${stack.publicOrigin}/privacy-requests`);
    expect(mail.text).not.toContain('more detail');
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await stack.mail.mailsTo(ben.person.email)).filter(template('privacy-request-answered'))).toHaveLength(1);
    expect((await staffList('?status=rejected')).map((r) => r.id)).toEqual([bens.id]);
  });
});
