import fc from 'fast-check';
import {
  auditOutbox,
  encodeHostile,
  hostileBody,
  hostilePayload,
  hostileString,
  scanDatabasesFor,
  signUp,
  startPlatformStack,
  waitFor,
  type ApiResponse,
  type AuditPayload,
  type CaughtMail,
  type Person,
  type PlatformStack,
} from '@sargs/testing';
import type { AdminAccountView, EventEnvelope } from '@sargs/contracts';
import { login, newPerson, onDatabase, register, waitForEvent } from './identity-e2e-kit';

const ADMIN = { email: 'admin.staff-accounts@example.test', password: 'vējš pūš pār kāpām 4' };
const SERVICES = ['identity', 'profile', 'consent', 'notifications', 'retention'] as const;
const ADMIN_ONLY = { status: 403, detail: 'Only an admin may change roles' };


const template = (name: string) => (mail: CaughtMail) => mail.headers['x-sargs-template'] === name;

describe('staff account lookup and roles (docs/api.md "Staff lookups, roles and the audit trail")', () => {
  let stack: PlatformStack;
  let admin: string;
  let adminId: string;
  /** Every address this file used: none may appear in an audit entry. */
  const addresses: string[] = [ADMIN.email];

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: [...SERVICES],
      env: {
        identity: { SARGS_ADMIN_EMAIL: ADMIN.email, SARGS_ADMIN_PASSWORD: ADMIN.password, LOGIN_FREE_ATTEMPTS_PER_CLIENT: '100000' },
        gateway: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000' },
      },
    });
    admin = await login(stack.client, ADMIN.email, ADMIN.password);
    adminId = ((await stack.client.get('/me', { session: admin })).body as { id: string }).id;
  });
  afterAll(() => stack?.stop());

  const identityDb = () => {
    const db = stack.databases.identity;
    if (!db) throw new Error('identity database missing');
    return db.url;
  };
  /** What identity published (its outbox), for events the stack's recorder does not follow. */
  const published = (topic: string, type?: string): Promise<EventEnvelope[]> =>
    onDatabase(identityDb(), async (pg) =>
      (
        await pg.query<{ envelope: EventEnvelope }>(`SELECT envelope FROM outbox_message WHERE topic = $1 AND ($2::text IS NULL OR envelope->>'type' = $2) ORDER BY id`, [
          topic,
          type ?? null,
        ])
      ).rows.map((r) => r.envelope),
    );
  const auditRows = () => auditOutbox(identityDb());
  const activeAdmins = () =>
    onDatabase(identityDb(), async (pg) =>
      (await pg.query<{ id: string }>(`SELECT id FROM account WHERE status = 'active' AND 'admin' = ANY(roles)`)).rows.map((r) => r.id),
    );
  const waitForAudit = (match: (p: AuditPayload) => boolean, what: string) =>
    waitFor(async () => (await auditRows()).filter(match), (rows) => rows.length > 0, { what }).then((rows) => rows[0]);

  const person = (tag: string): Person => {
    const p = newPerson(tag);
    addresses.push(p.email);
    return p;
  };
  /** `session` undefined: the admin's; null: none at all. */
  const as = (session: string | null | undefined) => (session === null ? {} : { session: session ?? admin });
  const lookup = (email: string, session?: string | null) => stack.client.get(`/admin/accounts?email=${encodeURIComponent(email)}`, as(session));
  const byId = (id: string, session?: string | null) => stack.client.get(`/admin/accounts/${id}`, as(session));
  const setRoles = (id: string, roles: unknown, session?: string | null) => stack.client.put(`/admin/accounts/${id}/roles`, { roles }, as(session));
  const expectProblem = (answer: ApiResponse, status: number) => {
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status });
  };
  /** Waits until notifications knows the person (the roles mail goes to the directory's address). */
  const inDirectory = (p: Person) =>
    waitFor(() => scanDatabasesFor(stack, [p.email]), (found) => found.some((f) => f.database === 'notifications'), { what: 'notifications to know the person' });

  describe('lookup', () => {
    it('finds an account by its exact address in any case or spacing, and by id', async () => {
      const p = person('lookup');
      const { accountId } = await signUp(stack, p);
      const expected: AdminAccountView = {
        id: accountId,
        email: p.email,
        name: p.name,
        status: 'active',
        roles: ['user'],
        emailVerified: true,
        mfa: { enabled: false, methods: [] },
        createdAt: expect.any(String) as unknown as string,
        closedAt: null,
      };
      for (const written of [p.email, p.email.toUpperCase(), `  ${p.email.replace(/^./u, (c) => c.toUpperCase())} `]) {
        const found = await lookup(written);
        expect(found.status).toBe(200);
        expect(found.body).toEqual([expected]);
      }
      const one = await byId(accountId);
      expect([one.status, one.body]).toEqual([200, expected]);
      expect((await byId(accountId.toUpperCase())).body).toEqual(expected);
      expect(Date.parse((one.body as AdminAccountView).createdAt ?? '')).not.toBeNaN();
    });

    it('answers an empty list for an unknown or near-miss address, 404 for an unknown or malformed id, 422 for a bad query', async () => {
      const p = person('near');
      await signUp(stack, p);
      for (const email of ['nobody.here@example.test', `x${p.email}`, p.email.replace('@', '@x')]) {
        const answer = await lookup(email);
        expect([answer.status, answer.body]).toEqual([200, []]);
      }
      expectProblem(await byId('00000000-0000-4000-8000-000000000000'), 404);
      expectProblem(await byId('not-an-id'), 404);
      const missing = await stack.client.get('/admin/accounts', { session: admin });
      expectProblem(missing, 422);
      expect(JSON.stringify(missing.body)).toContain('email');
      expectProblem(await lookup('not an address'), 422);
      expectProblem(await stack.client.get(`/admin/accounts?email=${encodeURIComponent(p.email)}&email=x%40example.test`, { session: admin }), 422);
    });

    it('refuses without a session (401) and without a staff role (403), on every route', async () => {
      const { accountId, session } = await signUp(stack, person('plain'));
      expectProblem(await lookup('a@example.test', null), 401);
      expectProblem(await byId(accountId, null), 401);
      expectProblem(await setRoles(accountId, ['dpo'], null), 401);
      expectProblem(await lookup('a@example.test', session), 403);
      expectProblem(await byId(accountId, session), 403);
      expectProblem(await setRoles(accountId, ['admin'], session), 403);
      expect(((await byId(accountId)).body as AdminAccountView).roles).toEqual(['user']);
    });
  });

  describe('roles', () => {
    it('an admin makes a person dpo: their old session stops at once, a new login reaches staff routes, a Latvian mail tells them', async () => {
      const p = person('new-dpo');
      const { accountId, session: before } = await signUp(stack, p, { language: 'lv' });
      await inDirectory(p);

      const answer = await setRoles(accountId, ['dpo']);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: accountId, email: p.email, status: 'active', roles: ['user', 'dpo'] });
      expectProblem(await stack.client.get('/me', { session: before }), 401);

      const after = await login(stack.client, p.email, p.password);
      expect(((await stack.client.get('/me', { session: after })).body as { roles: string[] }).roles).toEqual(['user', 'dpo']);
      expect((await lookup(ADMIN.email, after)).status).toBe(200);
      // A dpo is staff, but only an admin changes roles.
      const refused = await setRoles(adminId, [], after);
      expectProblem(refused, 403);
      expect(refused.body).toMatchObject(ADMIN_ONLY);
      expectProblem(await setRoles(accountId, ['admin', 'dpo'], after), 403);

      const [event] = (await published('identity.account.v1', 'AccountRolesChanged')).filter((e) => e.subjectId === accountId);
      expect(Object.keys(event.payload as object).sort()).toEqual(['accountId', 'changedAt', 'roles']);
      expect(event.payload).toMatchObject({ accountId, roles: ['user', 'dpo'] });

      const mail = await stack.mail.waitForMail(p.email, template('roles-changed'));
      expect(mail.headers['x-sargs-category']).toBe('security');
      expect(mail.html).toContain('lang="lv"');
      expect(mail.subject).toBe('Mainītas jūsu Sargs darbinieka lomas');
      expect(mail.text).toContain('Tagad jūsu lomas: datu aizsardzības speciālists (DPO).');
      expect(mail.text).toContain('datu aizsardzības speciālistu');
      expect(`${mail.text}\n${mail.html}`.toLowerCase()).not.toContain(p.email.toLowerCase());

      const audit = await waitForAudit((a) => a.action === 'account.roles-changed' && a.subject === accountId, 'the roles-changed audit entry');
      expect(audit).toEqual({ action: 'account.roles-changed', actorId: adminId, subject: accountId, reference: null, service: 'identity', occurredAt: expect.any(String), roles: ['user', 'dpo'] });
    });

    it('setting the roles an account already has changes nothing; taking them away ends staff access and mails in English', async () => {
      const p = person('ex-staff');
      const { accountId } = await signUp(stack, p);
      await inDirectory(p);
      expect((await setRoles(accountId, ['dpo'])).status).toBe(200);
      const staffSession = await login(stack.client, p.email, p.password);

      const same = await setRoles(accountId, ['dpo']);
      expect([same.status, (same.body as AdminAccountView).roles]).toEqual([200, ['user', 'dpo']]);
      expect((await stack.client.get('/me', { session: staffSession })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1_000));
      expect((await auditRows()).filter((a) => a.action === 'account.roles-changed' && a.subject === accountId)).toHaveLength(1);

      const removed = await setRoles(accountId, []);
      expect([removed.status, (removed.body as AdminAccountView).roles]).toEqual([200, ['user']]);
      expectProblem(await stack.client.get('/me', { session: staffSession }), 401);
      const plain = await login(stack.client, p.email, p.password);
      expectProblem(await byId(accountId, plain), 403);

      const mails = await stack.mail.waitForMails(p.email, template('roles-changed'), 2);
      expect(mails.map((m) => m.subject)).toEqual(['Your Sargs staff roles were changed', 'Your Sargs staff roles were changed']);
      expect(mails[1].html).toContain('lang="en"');
      expect(mails[1].text).toContain('You now hold no staff role.');
      expect(mails[1].text).toMatch(/contact the data protection officer/);
      await waitFor(auditRows, (rows) => rows.filter((a) => a.action === 'account.roles-changed' && a.subject === accountId).length === 2, { what: 'two audit entries' });
    });

    it('refuses a bad body (422), an unknown account (404) and taking admin from the last admin (409)', async () => {
      const { accountId } = await signUp(stack, person('bad-roles'));
      for (const roles of [['user'], ['admin', 'admin'], 'admin', ['support'], null]) expectProblem(await setRoles(accountId, roles), 422);
      expectProblem(await stack.client.put(`/admin/accounts/${accountId}/roles`, { roles: [], extra: 1 }, { session: admin }), 422);
      expectProblem(await setRoles('00000000-0000-4000-8000-000000000000', ['dpo']), 404);
      expectProblem(await setRoles('nope', ['dpo']), 404);

      const last = await setRoles(adminId, ['dpo']);
      expectProblem(last, 409);
      // Closing the last admin's account would take the last admin away too.
      expectProblem(await stack.client.post(`/admin/accounts/${adminId}/closure`, undefined, { session: admin }), 409);
      expectProblem(await stack.client.post('/me/closure', { password: ADMIN.password }, { session: admin }), 409);
      expect((await stack.client.get('/me', { session: admin })).status).toBe(200);
      expect(((await byId(adminId)).body as AdminAccountView).roles).toEqual(expect.arrayContaining(['admin', 'dpo']));
    });
  });

  describe('closure and erasure as staff see them', () => {
    it('shows a staff-closed account as closing without address or name, then as closed once erased; the closure names the staff member', async () => {
      const p = person('closed');
      const { accountId } = await signUp(stack, p);
      await setRoles(accountId, ['dpo']);
      await waitFor(() => scanDatabasesFor(stack, [p.email]), (f) => ['identity', 'profile', 'notifications'].every((db) => f.some((x) => x.database === db)), {
        timeoutMs: 30_000,
        what: 'every service to know the person',
      });
      // A legal hold keeps the account closing (not erased) for as long as the test looks at it.
      const hold = await stack.client.post('/admin/legal-holds', { accountId, reason: 'Staff accounts e2e' }, { session: admin });
      expect(hold.status).toBe(201);

      const closed = await stack.client.post(`/admin/accounts/${accountId}/closure`, undefined, { session: admin });
      expect(closed.status).toBe(202);
      const { caseId } = closed.body as { caseId: string };
      const closing = (await byId(accountId)).body as AdminAccountView;
      expect(closing).toMatchObject({ id: accountId, email: null, name: null, status: 'closing', roles: ['user', 'dpo'], emailVerified: true, closedAt: expect.any(String) });
      expect((await lookup(p.email)).body).toEqual([closing]);
      expectProblem(await setRoles(accountId, []), 404);

      const requested = await waitForEvent(stack, 'AccountClosureRequested', (e) => e.subjectId === accountId);
      expect(requested.payload).toMatchObject({ accountId, caseId, requestedBy: 'staff', staffId: adminId });
      const audit = await waitForAudit((a) => a.action === 'account.closed-by-staff' && a.subject === accountId, 'the closure audit entry');
      expect(audit).toMatchObject({ actorId: adminId, subject: accountId, reference: caseId, service: 'identity' });
      // Closing again answers the same case and records nothing more.
      const again = await stack.client.post(`/admin/accounts/${accountId}/closure`, undefined, { session: admin });
      expect([again.status, (again.body as { caseId: string }).caseId]).toEqual([202, caseId]);
      expect((await auditRows()).filter((a) => a.action === 'account.closed-by-staff' && a.subject === accountId)).toHaveLength(1);
      expect(((await byId(accountId)).body as AdminAccountView).status).toBe('closing');

      expect((await stack.client.delete(`/admin/legal-holds/${(hold.body as { id: string }).id}`, { session: admin })).status).toBe(204);
      await waitFor(async () => (await stack.client.get(`/admin/erasures/${caseId}`, { session: admin })).body as { status: string }, (c) => c.status === 'completed', {
        timeoutMs: 90_000,
        intervalMs: 300,
        what: 'the erasure to complete',
      });
      const gone = await byId(accountId);
      expect(gone.status).toBe(200);
      expect(gone.body).toEqual({
        id: accountId,
        email: null,
        name: null,
        status: 'closed',
        roles: [],
        emailVerified: false,
        mfa: { enabled: false, methods: [] },
        createdAt: null,
        closedAt: expect.any(String),
      });
      expect((await lookup(p.email)).body).toEqual([]);
      expectProblem(await setRoles(accountId, ['dpo']), 404);
    });
  });

  describe('security events in the audit trail', () => {
    it('records a lockout (no actor) and a completed password reset (the person), by id only', async () => {
      const p = person('locked');
      const { accountId } = await signUp(stack, p);
      for (let i = 0; i < 6; i++) expect((await stack.client.post('/sessions', { email: p.email, password: `nepareiza parole ${i}` })).status).toBe(401);
      const locked = await waitForAudit((a) => a.action === 'login.locked-out' && a.subject === accountId, 'the lockout entry');
      expect(locked).toMatchObject({ actorId: null, subject: accountId, reference: null, service: 'identity' });

      expect((await stack.client.post('/password-resets', { email: p.email })).status).toBe(202);
      const reset = await waitForEvent(stack, 'PasswordResetRequested', (e) => e.subjectId === accountId);
      expect((await stack.client.post('/password-resets/confirm', { token: stack.openToken(reset), newPassword: 'jauna parole ar 5 vārdiem' })).status).toBe(204);
      const completed = await waitForAudit((a) => a.action === 'password.reset-completed' && a.subject === accountId, 'the reset entry');
      expect(completed).toMatchObject({ actorId: accountId, subject: accountId, reference: null, service: 'identity' });
    });

    it('no audit entry holds an address, a name or a password', async () => {
      const text = JSON.stringify(await auditRows()).toLowerCase();
      expect(text).not.toContain('@');
      for (const secret of [...addresses, ADMIN.password, 'anna', 'bērziņa']) expect(text).not.toContain(secret.toLowerCase());
    });
  });

  describe('hostile input', () => {
    it('never answers a hostile query, path or body with a 5xx', async () => {
      const { accountId } = await signUp(stack, person('hostile-target'));
      const hostile = hostileString([ADMIN.email, ADMIN.email.toUpperCase(), accountId, 'admin', 'dpo']);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('email', 'email[]', 'email[a]', 'x', '__proto__'), hostile, async (name, value) => {
          const q = encodeHostile(value);
          for (const answer of [
            await stack.client.get(`/admin/accounts?${name}=${q}`, { session: admin }),
            await stack.client.get(`/admin/accounts?email=${q}&${name}=${q}`, { session: admin }),
            await stack.client.get(`/admin/accounts/${q}`, { session: admin }),
            await stack.client.put(`/admin/accounts/${q}/roles`, { roles: ['dpo'] }, { session: admin }),
          ]) {
            expect(answer.status).toBeLessThan(500);
            if (answer.status >= 400) expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
          }
        }),
        { numRuns: 60 },
      );
      await fc.assert(
        fc.asyncProperty(hostileBody(['roles'], ['admin', 'dpo']), async (body) => {
          const answer = await stack.client.call('PUT', `/admin/accounts/${accountId}/roles`, {
            body: hostilePayload(body),
            headers: { 'content-type': 'application/json' },
            session: admin,
          });
          expect(answer.status).toBeLessThan(500);
          if (answer.status >= 400) expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        }),
        { numRuns: 60 },
      );
      // The admin's session survived everything above.
      expect((await stack.client.get('/me', { session: admin })).status).toBe(200);
      // A hostile body may have made the target an admin: the race below needs exactly two.
      expect((await setRoles(accountId, [])).status).toBe(200);
    });
  });

  // Last: it may take admin from the bootstrap account.
  describe('two admins demoting each other at once', () => {
    it('lets exactly one succeed, so an active admin always remains', async () => {
      const p = person('second-admin');
      const { accountId } = await signUp(stack, p);
      expect((await setRoles(accountId, ['admin'])).status).toBe(200);
      const other = await login(stack.client, p.email, p.password);
      expect((await activeAdmins()).sort()).toEqual([accountId, adminId].sort());

      const answers = await Promise.all([setRoles(accountId, [], admin), setRoles(adminId, ['dpo'], other)]);
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s !== 200).every((s) => s === 409 || s === 401)).toBe(true);
      const admins = await activeAdmins();
      expect(admins).toHaveLength(1);
      expect([accountId, adminId]).toContain(admins[0]);
    });
  });

  // After the race: it restarts identity.
  describe('the bootstrap staff account', () => {
    it('does not promote an unverified account that someone else signed up with the configured address', async () => {
      const squatter = person('squatter');
      expect((await register(stack, squatter)).status).toBe(202);
      const [identity] = stack.processes.identity;
      await identity.stop();
      await identity.restart({ SARGS_ADMIN_EMAIL: squatter.email, SARGS_ADMIN_PASSWORD: 'cits ozols citā pļavā 77' });

      const rows = await onDatabase(identityDb(), async (pg) => (await pg.query<{ roles: string[]; verified: boolean }>('SELECT roles, email_verified_at IS NOT NULL AS verified FROM account WHERE email = $1', [squatter.email])).rows);
      expect(rows).toEqual([{ roles: ['user'], verified: false }]);
      // Neither password opens it: it is not verified, and the configured one was never set.
      expect((await stack.client.post('/sessions', { email: squatter.email, password: squatter.password })).status).toBe(401);
      expect((await stack.client.post('/sessions', { email: squatter.email, password: 'cits ozols citā pļavā 77' })).status).toBe(401);
      expect(identity.output()).toContain('SARGS_ADMIN_EMAIL belongs to an account that is not verified or not active');
    });
  });
});
