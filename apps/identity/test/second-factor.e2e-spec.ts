import { Authenticator, sessionCookie, startPlatformStack, usedSecrets, withDatabase, type ApiResponse, type CaughtMail, type PlatformStack } from '@sargs/testing';
import { expectProblem, login, meOf, newPerson, registerVerified } from './identity-e2e-kit';

const FREE_CODES = 3;
const STAFF = { email: 'admin.second-factor@example.test', password: 'mēness spīd pār ezeru 7' };
/** The bootstrap staff account's TOTP secret (SARGS_ADMIN_TOTP_SECRET), base32. */
const STAFF_TOTP = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const template = (name: string) => (mail: CaughtMail) => mail.headers['x-sargs-template'] === name;

describe('second factor: authenticator app (TOTP), recovery codes, the login step, staff (docs/api.md "Second factor")', () => {
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'notifications'],
      env: {
        identity: {
          SARGS_ADMIN_EMAIL: STAFF.email,
          SARGS_ADMIN_PASSWORD: STAFF.password,
          SARGS_ADMIN_TOTP_SECRET: STAFF_TOTP,
          LOGIN_FREE_ATTEMPTS_PER_ACCOUNT: String(FREE_CODES),
          LOGIN_BACKOFF_BASE_MS: '60000',
        },
        // The product's default, which test stacks turn off for suites about other things.
        gateway: { STAFF_MFA_REQUIRED: 'true', RATE_LIMIT_SENSITIVE_PER_MINUTE: '100000', RATE_LIMIT_PER_MINUTE: '100000' },
      },
    });
  });
  afterAll(() => stack?.stop());

  const identityDb = () => stack.databases.identity?.url ?? '';
  const me = (session: string) => meOf(stack, session);

  /** A verified person with a session and a confirmed authenticator app: its secret and recovery codes. */
  async function enrolled(tag: string) {
    const person = newPerson(tag);
    const accountId = await registerVerified(stack, person);
    const session = await login(stack.client, person.email, person.password);
    const started = await stack.client.post('/me/mfa/totp', undefined, { session });
    expect(started.status).toBe(201);
    const { secret } = started.body as { secret: string };
    usedSecrets.push(secret);
    const app = Authenticator.of(secret);
    const confirmed = await stack.client.post('/me/mfa/totp/confirm', { code: await app.code() }, { session });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = confirmed.body as { recoveryCodes: string[] };
    usedSecrets.push(...recoveryCodes);
    return { person, accountId, session, secret, app, recoveryCodes };
  }

  /** Logs in with the password: the (pending) session and the answer. */
  async function passwordStep(email: string, password: string): Promise<{ session: string; answer: ApiResponse }> {
    const answer = await stack.client.post('/sessions', { email, password });
    const session = sessionCookie(answer);
    if (answer.status !== 200 || !session) throw new Error(`login answered ${answer.status}`);
    usedSecrets.push(session);
    return { session, answer };
  }

  it('enrols an app: the secret works only once confirmed, a wrong code is 422, the right one gives ten recovery codes and a mail', async () => {
    const person = newPerson('enrol');
    const accountId = await registerVerified(stack, person);
    const session = await login(stack.client, person.email, person.password);
    expect((await me(session)).body).toMatchObject({ mfa: { totp: false, passkeys: 0 } });

    const started = await stack.client.post('/me/mfa/totp', undefined, { session });
    expect(started.status).toBe(201);
    const { secret, otpauthUri } = started.body as { secret: string; otpauthUri: string };
    usedSecrets.push(secret);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/u);
    const uri = new URL(otpauthUri);
    expect([uri.protocol, uri.host]).toEqual(['otpauth:', 'totp']);
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret, algorithm: 'SHA1', digits: '6', period: '30' });
    // Not on yet: a login needs no code, and GET /me says so.
    expect((await stack.client.post('/sessions', { email: person.email, password: person.password })).body).toMatchObject({ mfaRequired: false });
    expect((await me(session)).body).toMatchObject({ mfa: { totp: false } });

    const app = Authenticator.of(secret);
    expectProblem(await stack.client.post('/me/mfa/totp/confirm', { code: app.staleCode() }, { session }), 422, 'code');
    expectProblem(await stack.client.post('/me/mfa/totp/confirm', { code: '12345' }, { session }), 422, 'code');
    const confirmed = await stack.client.post('/me/mfa/totp/confirm', { code: await app.code() }, { session });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = confirmed.body as { recoveryCodes: string[] };
    usedSecrets.push(...recoveryCodes);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/u);

    expect((await me(session)).body).toMatchObject({ mfa: { totp: true, passkeys: 0 } });
    // Once on, starting again is refused until it is removed.
    expectProblem(await stack.client.post('/me/mfa/totp', undefined, { session }), 409);
    expectProblem(await stack.client.post('/me/mfa/totp/confirm', { code: await app.code() }, { session }), 409);

    const mail = await stack.mail.waitForMail(person.email, template('second-factor-changed'));
    expect(mail.text).toMatch(/An authenticator app was added|Autentifikācijas lietotne pievienota/u);

    // At rest: the secret sealed, the recovery codes hashed; neither readable from the database.
    const dump = await withDatabase(identityDb(), async (pg) => {
      const totp = await pg.query('SELECT t::text AS row FROM totp_credential t WHERE account_id = $1', [accountId]);
      const codes = await pg.query('SELECT r::text AS row FROM recovery_code r WHERE account_id = $1', [accountId]);
      return { totp: totp.rows.map((r: { row: string }) => r.row).join('\n'), codes: codes.rows.map((r: { row: string }) => r.row) };
    });
    expect(dump.totp).not.toBe('');
    expect(dump.totp).not.toContain(secret);
    expect(dump.codes).toHaveLength(10);
    for (const code of recoveryCodes) {
      expect(dump.codes.join('\n')).not.toContain(code);
      expect(dump.codes.join('\n')).not.toContain(code.replace(/-/gu, ''));
    }
  });

  it('logs in in two steps: the pending session can only give the code or log out; each code works once', async () => {
    const { person, app } = await enrolled('login');
    const { session, answer } = await passwordStep(person.email, person.password);
    expect(answer.body).toMatchObject({ mfaRequired: true });

    for (const refused of [await me(session), await stack.client.get('/sessions', { session }), await stack.client.post('/me/mfa/totp', undefined, { session })]) {
      expectProblem(refused, 401);
    }
    expectProblem(await stack.client.post('/sessions/current/mfa', { code: app.staleCode() }, { session }), 422, 'code');
    const code = await app.code();
    expect((await stack.client.post('/sessions/current/mfa', { code }, { session })).status).toBe(204);
    expect((await me(session)).status).toBe(200);
    // Completing again: nothing to complete.
    expectProblem(await stack.client.post('/sessions/current/mfa', { code: app.staleCode() }, { session }), 409);

    // The same code on another login is refused (RFC 6238 section 5.2: a code works once).
    const second = await passwordStep(person.email, person.password);
    expectProblem(await stack.client.post('/sessions/current/mfa', { code }, { session: second.session }), 422, 'code');
    // Logging out works while pending, and the session is gone.
    expect((await stack.client.delete('/sessions/current', { session: second.session })).status).toBe(204);
    expectProblem(await stack.client.post('/sessions/current/mfa', { code: app.staleCode() }, { session: second.session }), 401);
  });

  it('takes a recovery code instead, once, and tells the owner how many are left', async () => {
    const { person, recoveryCodes } = await enrolled('recovery');
    const { session } = await passwordStep(person.email, person.password);
    // Typed loosely: lower case, without dashes.
    expect((await stack.client.post('/sessions/current/mfa', { code: recoveryCodes[3].replace(/-/gu, '').toLowerCase() }, { session })).status).toBe(204);
    expect((await me(session)).status).toBe(200);
    await stack.mail.waitForMail(person.email, (m) => template('second-factor-changed')(m) && /9 unused recovery codes|atkopšanas kodi: 9/u.test(m.text));

    const again = await passwordStep(person.email, person.password);
    expectProblem(await stack.client.post('/sessions/current/mfa', { code: recoveryCodes[3] }, { session: again.session }), 422, 'code');
    expect((await stack.client.post('/sessions/current/mfa', { code: recoveryCodes[4] }, { session: again.session })).status).toBe(204);
  });

  it('throttles wrong codes per account like passwords: past the free attempts 429 with Retry-After, even with the right code', async () => {
    const { person, app } = await enrolled('throttle');
    const { session } = await passwordStep(person.email, person.password);
    const wrong = await Promise.all(Array.from({ length: 12 }, (_, i) => stack.client.post('/sessions/current/mfa', { code: String(100000 + i) }, { session })));
    const statuses = wrong.map((a) => a.status);
    expect(statuses.filter((s) => s === 422).length).toBeLessThanOrEqual(FREE_CODES + 1);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(12 - FREE_CODES - 1);
    expect(statuses.every((s) => s === 422 || s === 429)).toBe(true);
    const held = await stack.client.post('/sessions/current/mfa', { code: await app.code() }, { session });
    expect(held.status).toBe(429);
    expect(Number(held.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // A new login does not reset the code budget: it is the account's.
    const other = await passwordStep(person.email, person.password);
    expect((await stack.client.post('/sessions/current/mfa', { code: await app.code() }, { session: other.session })).status).toBe(429);
  });

  it('removes the app only with the password and a code; logins then need no code', async () => {
    const { person, app, recoveryCodes } = await enrolled('remove');
    const session = await (async () => {
      const step = await passwordStep(person.email, person.password);
      expect((await stack.client.post('/sessions/current/mfa', { code: await app.code() }, { session: step.session })).status).toBe(204);
      return step.session;
    })();
    expectProblem(await stack.client.delete('/me/mfa/totp', { session, body: { password: 'nav mana parole 123', code: app.staleCode() } }), 422, 'password');
    expectProblem(await stack.client.delete('/me/mfa/totp', { session, body: { password: person.password, code: app.staleCode() } }), 422, 'code');
    expectProblem(await stack.client.delete('/me/mfa/totp', { session, body: { password: person.password } }), 422, 'code');
    expect((await me(session)).body).toMatchObject({ mfa: { totp: true } });

    // A recovery code will do (a lost phone).
    expect((await stack.client.delete('/me/mfa/totp', { session, body: { password: person.password, code: recoveryCodes[0] } })).status).toBe(204);
    expect((await me(session)).body).toMatchObject({ mfa: { totp: false, passkeys: 0 } });
    expectProblem(await stack.client.delete('/me/mfa/totp', { session, body: { password: person.password, code: app.staleCode() } }), 404);
    await stack.mail.waitForMail(person.email, (m) => template('second-factor-changed')(m) && /removed|noņemta/u.test(m.text));
    expect((await stack.client.post('/sessions', { email: person.email, password: person.password })).body).toMatchObject({ mfaRequired: false });
  });

  it('refuses staff routes to a staff session without a second factor (403); the bootstrap staff account has its configured app', async () => {
    const { session: pending, answer } = await passwordStep(STAFF.email, STAFF.password);
    expect(answer.body).toMatchObject({ mfaRequired: true });
    expectProblem(await stack.client.get(`/admin/accounts?email=${encodeURIComponent(STAFF.email)}`, { session: pending }), 401);
    const staffApp = Authenticator.of(STAFF_TOTP);
    expect((await stack.client.post('/sessions/current/mfa', { code: await staffApp.code() }, { session: pending })).status).toBe(204);
    const admin = pending;
    const found = await stack.client.get(`/admin/accounts?email=${encodeURIComponent(STAFF.email)}`, { session: admin });
    expect(found.status).toBe(200);
    expect(found.body).toEqual([expect.objectContaining({ mfa: { enabled: true, methods: ['totp'] } })]);

    // A new dpo without a second factor: 403 on every staff route until one is set up.
    const dpo = newPerson('dpo');
    const dpoId = await registerVerified(stack, dpo);
    expect((await stack.client.put(`/admin/accounts/${dpoId}/roles`, { roles: ['dpo'] }, { session: admin })).status).toBe(200);
    const dpoSession = await login(stack.client, dpo.email, dpo.password);
    const refused = await stack.client.get(`/admin/accounts/${dpoId}`, { session: dpoSession });
    expectProblem(refused, 403);
    expect((refused.body as { detail: string }).detail).toMatch(/second factor/u);
    // Setting one up proves possession: this very session may then act as staff.
    const started = await stack.client.post('/me/mfa/totp', undefined, { session: dpoSession });
    const dpoApp = Authenticator.of((started.body as { secret: string }).secret);
    expect((await stack.client.post('/me/mfa/totp/confirm', { code: await dpoApp.code() }, { session: dpoSession })).status).toBe(200);
    expect((await stack.client.get(`/admin/accounts/${dpoId}`, { session: dpoSession })).body).toMatchObject({ mfa: { enabled: true, methods: ['totp'] } });
  });

  it('answers hostile bodies on the new routes with 422 and changes nothing', async () => {
    const person = newPerson('hostile');
    await registerVerified(stack, person);
    const session = await login(stack.client, person.email, person.password);
    for (const body of [{}, { code: 123456 }, { code: 'x'.repeat(65) }, { code: '123456', extra: true }, []]) {
      expectProblem(await stack.client.post('/me/mfa/totp/confirm', body, { session }), 422);
      expectProblem(await stack.client.post('/sessions/current/mfa', body, { session }), 422);
    }
    expectProblem(await stack.client.delete('/me/mfa/totp', { session, body: { password: person.password, code: null } }), 422);
    expect((await me(session)).body).toMatchObject({ mfa: { totp: false, passkeys: 0 } });
  });
});
