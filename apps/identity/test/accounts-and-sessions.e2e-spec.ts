import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { sessionCookie, startPlatformStack, waitFor, type PlatformStack } from '@sargs/testing';
import { byAccount, byEmail, eventsOf, findEvent, login, newPerson, onDatabase, register, registerVerified, usedSecrets, waitForEvent } from './identity-e2e-kit';

const ADMIN = { email: 'dpo.e2e@example.test', password: 'staff tilts pār daugavu 9' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('accounts and sessions through the gateway (docs/api.md)', () => {
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({
      env: {
        identity: { SARGS_ADMIN_EMAIL: ADMIN.email, SARGS_ADMIN_PASSWORD: ADMIN.password, MAILS_PER_ADDRESS_PER_HOUR: '4', LOG_LEVEL: 'debug' },
        // Rate limits have their own test (throttling-and-scale-out); here they would only get in the way.
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000', LOG_LEVEL: 'debug' },
        profile: { LOG_LEVEL: 'debug' },
      },
    });
  });
  afterAll(() => stack?.stop());

  const identityDbUrl = (): string => {
    const db = stack.databases.identity;
    if (!db) throw new Error('identity database missing');
    return db.url;
  };

  describe('sign-up and verification', () => {
    it('registers, mails a sealed token, verifies once, then logs in and shows /me composed from identity and profile', async () => {
      const person = newPerson('signup');
      const answer = await register(stack, person, { language: 'lv', marketingEmails: true });
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ status: 'accepted' });

      const registered = await waitForEvent(stack, 'AccountRegistered', byEmail(person.email));
      expect(registered.payload).toMatchObject({ name: person.name, email: person.email, language: 'lv', marketingEmails: true });
      expect(JSON.stringify(registered)).not.toContain(person.password);
      const requested = await waitForEvent(stack, 'EmailVerificationRequested', byEmail(person.email));
      const token = stack.openToken(requested);
      expect(JSON.stringify(requested)).not.toContain(token);

      const beforeVerification = await stack.client.post('/sessions', { email: person.email, password: person.password });
      expect(beforeVerification.status).toBe(401);

      expect((await stack.client.post('/accounts/verification', { token })).status).toBe(204);
      const reused = await stack.client.post('/accounts/verification', { token });
      expect(reused.status).toBe(400);
      expect(reused.headers['content-type']).toMatch(/^application\/problem\+json/);

      const loggedIn = await stack.client.post('/sessions', { email: person.email.toUpperCase(), password: person.password });
      expect(loggedIn.status).toBe(200);
      expect(loggedIn.text).not.toContain(sessionCookie(loggedIn) as string);
      expect(loggedIn.cookies).toHaveLength(1);
      expect(loggedIn.cookies[0]).toMatch(/^__Host-sid=[A-Za-z0-9_-]{43}; /);
      const attributes = loggedIn.cookies[0].split(';').slice(1).map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(['path=/', 'secure', 'httponly', 'samesite=lax']));
      expect(attributes.some((a) => a.startsWith('domain'))).toBe(false);

      const me = await stack.client.get('/me', { session: sessionCookie(loggedIn) });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        id: registered.subjectId,
        email: person.email,
        name: person.name,
        language: 'lv',
        roles: ['user'],
        emailVerified: true,
        createdAt: expect.any(String),
        passwordChangedAt: expect.any(String),
        mfa: { totp: false, passkeys: 0 },
      });
    });

    it('answers a taken address exactly like a free one, and notices its owner without a token', async () => {
      const person = newPerson('taken');
      const accountId = await registerVerified(stack, person);
      const again = await register(stack, { ...person, email: person.email.toUpperCase(), password: 'cits garš teikums par kaķiem' });
      const fresh = await register(stack, newPerson('free'));
      expect(again.status).toBe(202);
      expect(again.text).toBe(fresh.text);
      const notice = await waitForEvent(stack, 'ExistingAccountRegistrationAttempted', byAccount(accountId));
      expect(notice.payload).toEqual({ accountId, attemptedAt: expect.any(String) });
      expect(eventsOf(stack, 'AccountRegistered', byEmail(person.email))).toHaveLength(1);
    });

    it('refuses a policy version that is not in force, and weak or personal passwords, without echoing them', async () => {
      const person = newPerson('weak');
      const stale = await register(stack, person, { acceptedPolicyVersion: 'v0-old' });
      expect(stale.status).toBe(422);
      expect(stale.body).toMatchObject({ status: 422, errors: [{ field: 'acceptedPolicyVersion' }] });

      for (const password of ['short pw', 'password1234', `${person.email.split('@')[0]}-2024`, 'Bērziņa kalns 77']) {
        const weak = await register(stack, { ...person, password });
        expect(weak.status).toBe(422);
        expect(weak.body).toMatchObject({ errors: [{ field: 'password', message: expect.any(String) }] });
        expect(weak.text).not.toContain(password);
      }
      const shape = await stack.client.post('/accounts', { name: '', email: 'not-an-address', password: 5, language: 'de' });
      expect(shape.status).toBe(422);
      const fields = (shape.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
      expect(fields).toEqual(['acceptedPolicyVersion', 'email', 'language', 'name', 'password']);
      await new Promise((r) => setTimeout(r, 500));
      expect(findEvent(stack, 'AccountRegistered', byEmail(person.email))).toBeUndefined();
    });

    it('refuses bad, used and expired verification tokens with 400, and resend supersedes the old link', async () => {
      expect((await stack.client.post('/accounts/verification', { token: 'A'.repeat(43) })).status).toBe(400);
      const person = newPerson('resend');
      await register(stack, person);
      const first = await waitForEvent(stack, 'EmailVerificationRequested', byEmail(person.email));
      const unknown = await stack.client.post('/accounts/verification/resend', { email: newPerson('nobody').email });
      const resent = await stack.client.post('/accounts/verification/resend', { email: person.email });
      expect([unknown.status, resent.status]).toEqual([202, 202]);
      expect(unknown.text).toBe(resent.text);
      const second = await waitForEvent(stack, 'EmailVerificationRequested', (e) => byEmail(person.email)(e) && e.eventId !== first.eventId);
      expect((await stack.client.post('/accounts/verification', { token: stack.openToken(first) })).status).toBe(400);

      await onDatabase(identityDbUrl(), (pg) => pg.query(`UPDATE account_token SET expires_at = now() - interval '1 second' WHERE account_id = $1`, [second.subjectId]));
      expect((await stack.client.post('/accounts/verification', { token: stack.openToken(second) })).status).toBe(400);
    });

    it('limits mail per recipient address but still answers 202', async () => {
      const person = newPerson('flood');
      await register(stack, person);
      for (let i = 0; i < 6; i++) expect((await stack.client.post('/accounts/verification/resend', { email: person.email })).status).toBe(202);
      await new Promise((r) => setTimeout(r, 1500));
      // MAILS_PER_ADDRESS_PER_HOUR=4: the sign-up mail and three resends, nothing more.
      expect(eventsOf(stack, 'EmailVerificationRequested', byEmail(person.email))).toHaveLength(4);
    });
  });

  describe('login', () => {
    it('gives one 401 body for a wrong password, an unknown address and an unverified account', async () => {
      const verified = newPerson('login');
      await registerVerified(stack, verified);
      const unverified = newPerson('unverified');
      await register(stack, unverified);
      const answers = await Promise.all([
        stack.client.post('/sessions', { email: verified.email, password: 'nav pareizā parole 1' }),
        stack.client.post('/sessions', { email: newPerson('ghost').email, password: verified.password }),
        stack.client.post('/sessions', { email: unverified.email, password: unverified.password }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      expect(answers.every((a) => a.cookies.length === 0)).toBe(true);
      const shape = await stack.client.post('/sessions', { email: verified.email });
      expect(shape.status).toBe(422);
      expect(shape.body).toMatchObject({ errors: [{ field: 'password' }] });
    });
  });

  describe('sessions', () => {
    it('lists my sessions with public ids, revokes one, and logs out', async () => {
      const person = newPerson('sessions');
      await registerVerified(stack, person);
      const a = await login(stack.client, person.email, person.password);
      const b = await login(stack.client, person.email, person.password);
      const list = await stack.client.get('/sessions', { session: a });
      expect(list.status).toBe(200);
      const sessions = list.body as { id: string; current: boolean }[];
      expect(sessions).toHaveLength(2);
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
      expect(list.text).not.toContain(a);
      expect(list.text).not.toContain(b);
      const other = sessions.find((s) => !s.current) as { id: string };

      const stranger = newPerson('stranger');
      await registerVerified(stack, stranger);
      const strangerSid = await login(stack.client, stranger.email, stranger.password);
      expect((await stack.client.delete(`/sessions/${other.id}`, { session: strangerSid })).status).toBe(404);
      expect((await stack.client.get('/me', { session: b })).status).toBe(200);

      expect((await stack.client.delete(`/sessions/${other.id}`, { session: a })).status).toBe(204);
      expect((await stack.client.get('/me', { session: b })).status).toBe(401);
      expect((await stack.client.delete('/sessions/00000000-0000-4000-8000-000000000000', { session: a })).status).toBe(404);

      const logout = await stack.client.delete('/sessions/current', { session: a });
      expect(logout.status).toBe(204);
      expect(logout.cookies[0]).toMatch(/^__Host-sid=;.*Max-Age=0/i);
      expect((await stack.client.get('/me', { session: a })).status).toBe(401);
      expect((await stack.client.get('/me')).status).toBe(401);
      expect((await stack.client.get('/me', { session: 'forged-session-value' })).status).toBe(401);
    });

    it('ends a reused session lookup the moment identity changes the session or its account, even behind the gateway', async () => {
      const person = newPerson('feed');
      await registerVerified(stack, person);
      const sid = await login(stack.client, person.email, person.password);
      const me = await stack.client.get('/me', { session: sid });
      expect(me.status).toBe(200);
      const accountId = (me.body as { id: string }).id;
      // Requests the gateway may now answer from what identity said a moment ago.
      for (let i = 0; i < 3; i++) expect((await stack.client.get('/me', { session: sid })).status).toBe(200);

      // Changed straight in identity's database, so this gateway relayed nothing: only identity's
      // change feed can tell it. The bound is generous; the bench measures the real delay.
      await onDatabase(identityDbUrl(), (pg) => pg.query(`UPDATE account SET roles = '{user,support}' WHERE id = $1`, [accountId]));
      await waitFor(() => stack.client.get('/me', { session: sid }), (r) => (r.body as { roles?: string[] }).roles?.includes('support') === true, { timeoutMs: 2_000, what: 'the new role in GET /me' });
      await onDatabase(identityDbUrl(), (pg) => pg.query(`UPDATE session SET revoked_at = now() WHERE account_id = $1`, [accountId]));
      await waitFor(() => stack.client.get('/me', { session: sid }), (r) => r.status === 401, { timeoutMs: 2_000, what: 'the revoked session refused' });
      expect((await stack.client.get('/sessions', { session: sid })).status).toBe(401);
    });

    it('ends the session a browser still holds when it logs in again, even as someone else', async () => {
      const person = newPerson('relogin');
      const other = newPerson('relogin-other');
      await registerVerified(stack, person);
      await registerVerified(stack, other);
      const first = await login(stack.client, person.email, person.password);
      const again = await stack.client.post('/sessions', { email: person.email, password: person.password }, { session: first });
      expect(again.status).toBe(200);
      const second = sessionCookie(again) as string;
      expect(second).not.toBe(first);
      expect((await stack.client.get('/me', { session: first })).status).toBe(401);
      expect((await stack.client.get('/me', { session: second })).status).toBe(200);

      // A shared computer: the next person's login ends the previous person's session.
      const switched = await stack.client.post('/sessions', { email: other.email, password: other.password }, { session: second });
      expect(switched.status).toBe(200);
      expect((await stack.client.get('/me', { session: second })).status).toBe(401);
      // A failed login ends nothing.
      const third = sessionCookie(switched) as string;
      expect((await stack.client.post('/sessions', { email: other.email, password: 'nepareiza parole 321' }, { session: third })).status).toBe(401);
      expect((await stack.client.get('/me', { session: third })).status).toBe(200);
    });

    it('refuses cookie-authenticated writes without our Origin (CSRF)', async () => {
      const person = newPerson('csrf');
      await registerVerified(stack, person);
      const sid = await login(stack.client, person.email, person.password);
      const missing = await stack.client.delete('/sessions/current', { session: sid, origin: null });
      const foreign = await stack.client.delete('/sessions/current', { session: sid, origin: 'https://evil.example' });
      expect([missing.status, foreign.status]).toEqual([403, 403]);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await stack.client.get('/me', { session: sid })).status).toBe(200);
    });
  });

  describe('passwords', () => {
    it('changes the password after re-entry, revokes my other sessions and shows passwordChangedAt', async () => {
      const person = newPerson('change');
      const accountId = await registerVerified(stack, person);
      const current = await login(stack.client, person.email, person.password);
      const other = await login(stack.client, person.email, person.password);
      const before = (await stack.client.get('/me', { session: current })).body as { passwordChangedAt: string };

      const wrong = await stack.client.put('/me/password', { currentPassword: 'nepareiza parole 123', newPassword: 'jauna stipra frāze ar vārdiem' }, { session: current });
      expect(wrong.status).toBe(422);
      expect(wrong.body).toMatchObject({ errors: [{ field: 'currentPassword' }] });
      const weak = await stack.client.put('/me/password', { currentPassword: person.password, newPassword: 'password1234' }, { session: current });
      expect(weak.status).toBe(422);
      expect(weak.body).toMatchObject({ errors: [{ field: 'newPassword' }] });

      const newPassword = 'jauna stipra frāze ar vārdiem';
      expect((await stack.client.put('/me/password', { currentPassword: person.password, newPassword }, { session: current })).status).toBe(204);
      expect((await stack.client.get('/me', { session: other })).status).toBe(401);
      const after = (await stack.client.get('/me', { session: current })).body as { passwordChangedAt: string };
      expect(Date.parse(after.passwordChangedAt)).toBeGreaterThan(Date.parse(before.passwordChangedAt));
      expect((await stack.client.post('/sessions', { email: person.email, password: person.password })).status).toBe(401);
      await login(stack.client, person.email, newPassword);
      const changed = await waitForEvent(stack, 'PasswordChanged', byAccount(accountId));
      expect(changed.payload).toMatchObject({ accountId, via: 'change' });
    });

    it('resets a lost password with a single-use token and revokes every session', async () => {
      const person = newPerson('reset');
      const accountId = await registerVerified(stack, person);
      const sid = await login(stack.client, person.email, person.password);
      // Read once, so the gateway holds a reused answer for this session that the reset must drop.
      expect((await stack.client.get('/me', { session: sid })).status).toBe(200);
      const unknown = await stack.client.post('/password-resets', { email: newPerson('ghost').email });
      const known = await stack.client.post('/password-resets', { email: person.email });
      expect([unknown.status, known.status]).toEqual([202, 202]);
      expect(unknown.text).toBe(known.text);
      const requested = await waitForEvent(stack, 'PasswordResetRequested', byAccount(accountId));
      const token = stack.openToken(requested);

      const weak = await stack.client.post('/password-resets/confirm', { token, newPassword: 'qwertyuiop123' });
      expect(weak.status).toBe(422);
      const newPassword = 'rudens lapas krīt klusi 42';
      expect((await stack.client.post('/password-resets/confirm', { token, newPassword })).status).toBe(204);
      expect((await stack.client.post('/password-resets/confirm', { token, newPassword: 'vēl cita frāze par jūru' })).status).toBe(400);
      expect((await stack.client.get('/me', { session: sid })).status).toBe(401);
      await login(stack.client, person.email, newPassword);
      expect((await waitForEvent(stack, 'PasswordChanged', (e) => byAccount(accountId)(e) && (e.payload as { via: string }).via === 'reset')).payload).toMatchObject({ via: 'reset' });

      await stack.client.post('/password-resets', { email: person.email });
      const second = await waitForEvent(stack, 'PasswordResetRequested', (e) => byAccount(accountId)(e) && e.eventId !== requested.eventId);
      await onDatabase(identityDbUrl(), (pg) => pg.query(`UPDATE account_token SET expires_at = now() - interval '1 second' WHERE account_id = $1`, [accountId]));
      expect((await stack.client.post('/password-resets/confirm', { token: stack.openToken(second), newPassword: 'vēl cita frāze par jūru' })).status).toBe(400);
    });

    it('retires a reset link mailed before a password change: the change wins, the old link is refused', async () => {
      const person = newPerson('reset-then-change');
      const accountId = await registerVerified(stack, person);
      const session = await login(stack.client, person.email, person.password);
      expect((await stack.client.post('/password-resets', { email: person.email })).status).toBe(202);
      const token = stack.openToken(await waitForEvent(stack, 'PasswordResetRequested', byAccount(accountId)));
      const changed = 'mainīta frāze par kalniem 5';
      expect((await stack.client.put('/me/password', { currentPassword: person.password, newPassword: changed }, { session })).status).toBe(204);

      expect((await stack.client.post('/password-resets/confirm', { token, newPassword: 'uzbrucēja frāze par jūru 8' })).status).toBe(400);
      await login(stack.client, person.email, changed);
    });

    it('refuses a bad reset token before any argon2 work', async () => {
      const hashes = async () => {
        const metrics = await request(`${stack.processes.identity[0].managementUrl}/metrics`).then((r) => r.body.text());
        return Number(/^sargs_identity_argon2_seconds_count\{operation="hash"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
      };
      const before = await hashes();
      // identity hashed at start (its dummy hash) and for every sign-up: the counter is live.
      expect(before).toBeGreaterThan(0);
      for (const token of [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')]) {
        expect((await stack.client.post('/password-resets/confirm', { token, newPassword: 'jebkura stipra frāze 123' })).status).toBe(400);
      }
      expect(await hashes()).toBe(before);
    });
  });

  describe('closure', () => {
    it('closes my account after password re-entry: sessions revoked, login refused, AccountClosureRequested with the caseId', async () => {
      const person = newPerson('close');
      const accountId = await registerVerified(stack, person);
      const sid = await login(stack.client, person.email, person.password);
      const other = await login(stack.client, person.email, person.password);
      const wrong = await stack.client.post('/me/closure', { password: 'nepareiza parole 123' }, { session: sid });
      expect(wrong.status).toBe(422);
      expect(wrong.body).toMatchObject({ errors: [{ field: 'password' }] });

      const closed = await stack.client.post('/me/closure', { password: person.password }, { session: sid });
      expect(closed.status).toBe(202);
      const { caseId } = closed.body as { caseId: string };
      expect(caseId).toMatch(UUID);
      expect((await stack.client.get('/me', { session: sid })).status).toBe(401);
      expect((await stack.client.get('/me', { session: other })).status).toBe(401);
      expect((await stack.client.post('/sessions', { email: person.email, password: person.password })).status).toBe(401);
      const event = await waitForEvent(stack, 'AccountClosureRequested', byAccount(accountId));
      expect(event.payload).toEqual({ accountId, caseId, requestedBy: 'self', requestedAt: expect.any(String) });

      // No mail of any kind after closure (R13): not even the "someone used your address" notice.
      await stack.client.post('/password-resets', { email: person.email });
      expect((await register(stack, person)).status).toBe(202);
      await new Promise((r) => setTimeout(r, 1500));
      expect(findEvent(stack, 'ExistingAccountRegistrationAttempted', byAccount(accountId))).toBeUndefined();
      expect(findEvent(stack, 'PasswordResetRequested', byAccount(accountId))).toBeUndefined();
    });

    it('lets staff close an account (idempotently) and refuses everyone else', async () => {
      const person = newPerson('staffclose');
      const accountId = await registerVerified(stack, person);
      const userSid = await login(stack.client, person.email, person.password);
      expect((await stack.client.post(`/admin/accounts/${accountId}/closure`, undefined, { session: userSid })).status).toBe(403);

      const adminSid = await login(stack.client, ADMIN.email, ADMIN.password);
      const me = (await stack.client.get('/me', { session: adminSid })).body as { roles: string[]; emailVerified: boolean };
      expect(me.roles).toEqual(expect.arrayContaining(['admin', 'dpo']));
      expect(me.emailVerified).toBe(true);
      const first = await stack.client.post(`/admin/accounts/${accountId}/closure`, undefined, { session: adminSid });
      expect(first.status).toBe(202);
      const again = await stack.client.post(`/admin/accounts/${accountId}/closure`, undefined, { session: adminSid });
      expect(again.body).toEqual(first.body);
      expect((await stack.client.get('/me', { session: userSid })).status).toBe(401);
      const event = await waitForEvent(stack, 'AccountClosureRequested', byAccount(accountId));
      expect(event.payload).toMatchObject({ requestedBy: 'staff', caseId: (first.body as { caseId: string }).caseId });
      expect((await stack.client.post('/admin/accounts/00000000-0000-4000-8000-000000000000/closure', undefined, { session: adminSid })).status).toBe(404);
    });
  });

  describe('the edge', () => {
    it('answers plain HTTP only with a 308 to the same path on HTTPS', async () => {
      const answer = await request(`http://127.0.0.1:${stack.redirectPorts[0]}/api/v1/me?x=1`, { method: 'GET' });
      const body = await answer.body.text();
      expect(answer.statusCode).toBe(308);
      expect(answer.headers.location).toBe(`${stack.publicOrigin}/api/v1/me?x=1`);
      expect(body).not.toMatch(/[{<]/);
    });

    it('refuses non-JSON writes (415), oversized bodies (413) and malformed JSON (422), as problem+json', async () => {
      const form = await stack.client.post('/accounts', 'name=x', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      const big = await stack.client.post('/accounts', { name: 'x'.repeat(2_000_000) });
      const broken = await stack.client.post('/accounts', '{"name":', { headers: { 'content-type': 'application/json' } });
      expect([form.status, big.status, broken.status]).toEqual([415, 413, 422]);
      for (const answer of [form, big, broken]) expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('sets HSTS and no cookie but the session cookie', async () => {
      const answer = await stack.client.get('/me');
      expect(answer.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(answer.cookies.filter((c) => !c.startsWith('__Host-sid='))).toEqual([]);
    });
  });

  describe('OpenAPI', () => {
    it('documents every accounts-and-sessions row at /api/docs-json and serves the UI at /api/docs', async () => {
      const json = await stack.roots[0].get('/api/docs-json');
      expect(json.status).toBe(200);
      const paths = (json.body as { paths: Record<string, Record<string, unknown>> }).paths;
      const rows: [string, string][] = [
        ['post', '/accounts'], ['post', '/accounts/verification'], ['post', '/accounts/verification/resend'],
        ['post', '/sessions'], ['delete', '/sessions/current'], ['get', '/sessions'], ['delete', '/sessions/{id}'],
        ['get', '/me'], ['put', '/me/password'], ['post', '/password-resets'], ['post', '/password-resets/confirm'],
        ['post', '/me/closure'], ['post', '/admin/accounts/{id}/closure'],
      ];
      const documented = (method: string, path: string) =>
        Object.entries(paths).some(([p, operations]) => p.replace(/^\/api\/v1/, '') === path && method in operations);
      expect(rows.filter(([method, path]) => !documented(method, path))).toEqual([]);
      const ui = await stack.roots[0].get('/api/docs', { headers: { accept: 'text/html' } });
      expect(ui.status).toBe(200);
      expect(ui.headers['content-type']).toMatch(/^text\/html/);
    });
  });

  // Last: it reads everything the processes logged during the tests above.
  describe('logs', () => {
    it('hold no password, token, session id or address that the tests used, even at debug level', () => {
      const logs = stack.fullOutput();
      expect(logs.length).toBeGreaterThan(1000);
      const leaked = [...usedSecrets, ...stack.openedTokens, ADMIN.password].filter((secret) => logs.includes(secret));
      expect(leaked).toEqual([]);
    });
  });
});
