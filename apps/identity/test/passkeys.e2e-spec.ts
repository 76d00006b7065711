import { Authenticator, PasskeyAuthenticator, sessionCookie, startPlatformStack, usedSecrets, withDatabase, type ApiResponse, type CaughtMail, type PasskeyOptionsJson, type PlatformStack } from '@sargs/testing';
import { expectProblem, login, meOf, newPerson, registerVerified } from './identity-e2e-kit';

const FREE_ATTEMPTS = 3;
const FREE_PER_CLIENT = 12;
const STAFF = { email: 'admin.passkeys@example.test', password: 'mēness spīd pār ezeru 7' };

const template = (name: string) => (mail: CaughtMail) => mail.headers['x-sargs-template'] === name;
type Options = { challengeId: string; options: PasskeyOptionsJson & Record<string, unknown> };

/**
 * Passkeys through the gateway, with a software authenticator (libs/testing PasskeyAuthenticator)
 * in place of a browser: what the API checks. The browser suite (libs/web/test/passkeys.e2e-spec.ts)
 * drives the same routes with Chromium's virtual authenticator.
 */
describe('passkeys (docs/api.md "Passkeys"): adding, the login step, login without a password, removal, staff', () => {
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'notifications'],
      env: {
        identity: { SARGS_ADMIN_EMAIL: STAFF.email, SARGS_ADMIN_PASSWORD: STAFF.password, LOGIN_FREE_ATTEMPTS_PER_ACCOUNT: String(FREE_ATTEMPTS), LOGIN_FREE_ATTEMPTS_PER_CLIENT: String(FREE_PER_CLIENT), LOGIN_BACKOFF_BASE_MS: '60000' },
        gateway: { STAFF_MFA_REQUIRED: 'true', RATE_LIMIT_SENSITIVE_PER_MINUTE: '100000', RATE_LIMIT_PER_MINUTE: '100000' },
      },
    });
  });
  afterAll(() => stack?.stop());

  const identityDb = () => stack.databases.identity?.url ?? '';
  const me = (session: string) => meOf(stack, session);
  const options = async (path: string, session?: string): Promise<Options> => {
    const answer = await stack.client.post(path, undefined, session ? { session } : {});
    expect(answer.status).toBe(200);
    return answer.body as Options;
  };

  /** Adds a passkey made by `key` to the session's account: the answer. */
  async function addPasskey(session: string, key: PasskeyAuthenticator, name: string): Promise<ApiResponse> {
    const { challengeId, options: o } = await options('/me/passkeys/options', session);
    return stack.client.post('/me/passkeys', { challengeId, name, credential: key.register(o) }, { session });
  }

  /** A verified person with a session and one passkey (its first second factor: recovery codes come with it). */
  async function withPasskey(tag: string) {
    const person = newPerson(tag);
    const accountId = await registerVerified(stack, person);
    const session = await login(stack.client, person.email, person.password);
    const key = PasskeyAuthenticator.create(stack.publicOrigin);
    const added = await addPasskey(session, key, 'Laptop');
    expect(added.status).toBe(201);
    const { passkey, recoveryCodes } = added.body as { passkey: { id: string }; recoveryCodes: string[] };
    usedSecrets.push(...recoveryCodes);
    return { person, accountId, session, key, passkeyId: passkey.id, recoveryCodes };
  }

  async function passwordStep(email: string, password: string): Promise<{ session: string; answer: ApiResponse }> {
    const answer = await stack.client.post('/sessions', { email, password });
    const session = sessionCookie(answer);
    if (answer.status !== 200 || !session) throw new Error(`login answered ${answer.status}`);
    usedSecrets.push(session);
    return { session, answer };
  }

  /** Logs in without a password: the answer and the new session cookie, if any. */
  async function passkeyLogin(key: PasskeyAuthenticator, tweak: Parameters<PasskeyAuthenticator['assert']>[1] = {}) {
    const { challengeId, options: o } = await options('/sessions/passkey/options');
    const body = { challengeId, credential: key.assert(o, tweak) };
    const answer = await stack.client.post('/sessions/passkey', body);
    const session = sessionCookie(answer);
    if (session) usedSecrets.push(session);
    return { answer, session, body };
  }

  /** Unused recovery codes of the account. */
  const recoveryCodeCount = (accountId: string) =>
    withDatabase(identityDb(), async (pg) => Number((await pg.query('SELECT count(*) AS n FROM recovery_code WHERE account_id = $1 AND used_at IS NULL', [accountId])).rows[0].n));

  it('adds a passkey: discoverable with user verification, bound to the origin; the first brings recovery codes and a mail; GET /me counts them', async () => {
    const person = newPerson('add');
    const accountId = await registerVerified(stack, person);
    const session = await login(stack.client, person.email, person.password);
    expect((await me(session)).body).toMatchObject({ mfa: { totp: false, passkeys: 0 } });

    const { challengeId, options: o } = await options('/me/passkeys/options', session);
    expect(o).toMatchObject({
      rp: { id: 'localhost', name: 'Sargs' },
      user: { name: person.email },
      attestation: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      excludeCredentials: [],
    });
    expect(o.challenge).toMatch(/^[A-Za-z0-9_-]{43,}$/u);
    const key = PasskeyAuthenticator.create(stack.publicOrigin);
    // Made for another site, or without user verification: refused, and the challenge is spent.
    expectProblem(await stack.client.post('/me/passkeys', { challengeId, name: 'Laptop', credential: key.register(o, { origin: 'https://evil.example' }) }, { session }), 422, 'credential');
    expectProblem(await stack.client.post('/me/passkeys', { challengeId, name: 'Laptop', credential: key.register(o) }, { session }), 422, 'challengeId');
    const again = await options('/me/passkeys/options', session);
    expectProblem(await stack.client.post('/me/passkeys', { challengeId: again.challengeId, name: 'Laptop', credential: key.register(again.options, { userVerified: false }) }, { session }), 422, 'credential');
    expect((await stack.client.get('/me/passkeys', { session })).body).toEqual([]);

    const added = await addPasskey(session, key, '  Laptop  ');
    expect(added.status).toBe(201);
    const { passkey, recoveryCodes } = added.body as { passkey: { id: string; name: string; createdAt: string; lastUsedAt: null }; recoveryCodes: string[] };
    usedSecrets.push(...recoveryCodes);
    expect(passkey).toEqual({ id: expect.any(String), name: 'Laptop', createdAt: expect.any(String), lastUsedAt: null });
    expect(recoveryCodes).toHaveLength(10);
    expect(await recoveryCodeCount(accountId)).toBe(10);
    expect((await me(session)).body).toMatchObject({ mfa: { totp: false, passkeys: 1 } });
    const mail = await stack.mail.waitForMail(person.email, template('second-factor-changed'));
    expect(mail.text).toMatch(/A passkey was added|Piekļuves atslēga pievienota/u);

    // A second one: no new recovery codes; the first is excluded from the options; the same one twice is 409.
    const phone = PasskeyAuthenticator.create(stack.publicOrigin);
    const second = await options('/me/passkeys/options', session);
    expect(second.options.excludeCredentials).toEqual([expect.objectContaining({ id: key.id, type: 'public-key' })]);
    const secondAdded = await stack.client.post('/me/passkeys', { challengeId: second.challengeId, name: 'Phone', credential: phone.register(second.options) }, { session });
    expect(secondAdded.status).toBe(201);
    expect(secondAdded.body).not.toHaveProperty('recoveryCodes');
    expect(await recoveryCodeCount(accountId)).toBe(10);
    expectProblem(await addPasskey(session, key, 'Laptop again'), 409);
    const listed = (await stack.client.get('/me/passkeys', { session })).body as { name: string }[];
    expect(listed.map((p) => p.name)).toEqual(['Phone', 'Laptop']);
    expect((await me(session)).body).toMatchObject({ mfa: { totp: false, passkeys: 2 } });

    // At rest: the public key and credential id only; nothing exported but the label (R11).
    const rows = await withDatabase(identityDb(), async (pg) => (await pg.query('SELECT account_id, sign_count, transports FROM passkey WHERE account_id = $1', [accountId])).rows);
    expect(rows).toHaveLength(2);
  });

  it('makes a password login wait for the second factor; the pending session gets passkey options for its own passkeys, and a forged answer is 422', async () => {
    const { person, key } = await withPasskey('step');
    const { session, answer } = await passwordStep(person.email, person.password);
    expect(answer.body).toMatchObject({ mfaRequired: true });
    for (const refused of [await me(session), await stack.client.get('/me/passkeys', { session }), await stack.client.post('/me/passkeys/options', undefined, { session })]) {
      expectProblem(refused, 401);
    }

    const forged = await options('/sessions/current/mfa/passkey/options', session);
    expect(forged.options).toMatchObject({ rpId: 'localhost', allowCredentials: [expect.objectContaining({ id: key.id })] });
    expectProblem(await stack.client.post('/sessions/current/mfa/passkey', { challengeId: forged.challengeId, credential: key.assert(forged.options, { forged: true }) }, { session }), 422, 'credential');
    // Signed for another origin: refused too.
    const foreign = await options('/sessions/current/mfa/passkey/options', session);
    expectProblem(await stack.client.post('/sessions/current/mfa/passkey', { challengeId: foreign.challengeId, credential: key.assert(foreign.options, { origin: 'https://evil.example' }) }, { session }), 422);

    const good = await options('/sessions/current/mfa/passkey/options', session);
    const body = { challengeId: good.challengeId, credential: key.assert(good.options) };
    expect((await stack.client.post('/sessions/current/mfa/passkey', body, { session })).status).toBe(204);
    expect((await me(session)).status).toBe(200);
    // Complete now: nothing to complete, and the same answer on another pending login is spent.
    expectProblem(await stack.client.post('/sessions/current/mfa/passkey/options', undefined, { session }), 409);
    const other = await passwordStep(person.email, person.password);
    expectProblem(await stack.client.post('/sessions/current/mfa/passkey', body, { session: other.session }), 422);

    // Another account's passkey does not complete this account's login.
    const stranger = await withPasskey('stranger');
    const theirs = await options('/sessions/current/mfa/passkey/options', other.session);
    expectProblem(await stack.client.post('/sessions/current/mfa/passkey', { challengeId: theirs.challengeId, credential: stranger.key.assert(theirs.options) }, { session: other.session }), 422);
  });

  it('counts refused passkey answers against the account’s code budget: past the free attempts 429, even for a right answer', async () => {
    const { person, key } = await withPasskey('budget');
    const { session } = await passwordStep(person.email, person.password);
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      const o = await options('/sessions/current/mfa/passkey/options', session);
      expectProblem(await stack.client.post('/sessions/current/mfa/passkey', { challengeId: o.challengeId, credential: key.assert(o.options, { forged: true }) }, { session }), 422);
    }
    const wrongCode = await stack.client.post('/sessions/current/mfa', { code: '123456' }, { session });
    expect([422, 429]).toContain(wrongCode.status);
    const o = await options('/sessions/current/mfa/passkey/options', session);
    const held = await stack.client.post('/sessions/current/mfa/passkey', { challengeId: o.challengeId, credential: key.assert(o.options) }, { session });
    expect(held.status).toBe(429);
    expect(Number(held.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('logs in without a password: the same options for everyone; the session is complete; each challenge works once and expires; a cloned authenticator is refused', async () => {
    const { person, accountId, key } = await withPasskey('passwordless');
    const first = await options('/sessions/passkey/options');
    const second = await options('/sessions/passkey/options');
    // No account named, nothing to tell accounts apart: only the challenge differs.
    expect({ ...first.options, challenge: '' }).toEqual({ ...second.options, challenge: '' });
    expect(first.options).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
    expect(first.options.allowCredentials ?? []).toEqual([]);

    expectProblem((await passkeyLogin(key, { forged: true })).answer, 401);
    expectProblem((await passkeyLogin(key, { userVerified: false })).answer, 401);
    expectProblem((await passkeyLogin(PasskeyAuthenticator.create(stack.publicOrigin))).answer, 401);

    const clone = key.clone();
    const { answer, session, body } = await passkeyLogin(key);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ mfaRequired: false });
    expect(session).toBeTruthy();
    expect(JSON.stringify(answer.body)).not.toContain(session as string);
    expect((await me(session as string)).body).toMatchObject({ id: accountId, mfa: { passkeys: 1 } });
    const listed = (await stack.client.get('/me/passkeys', { session })).body as { lastUsedAt: string | null }[];
    expect(listed[0].lastUsedAt).not.toBeNull();

    // The same answer again: its challenge is spent.
    expectProblem(await stack.client.post('/sessions/passkey', body), 401);
    // An answer after the challenge expired.
    const late = await options('/sessions/passkey/options');
    await withDatabase(identityDb(), (pg) => pg.query(`UPDATE passkey_challenge SET expires_at = now() - interval '1 second' WHERE id = $1`, [late.challengeId]));
    expectProblem(await stack.client.post('/sessions/passkey', { challengeId: late.challengeId, credential: key.assert(late.options) }), 401);
    // A clone still at the old counter: its counter does not go up past the original's.
    expectProblem((await passkeyLogin(clone)).answer, 401);
    expect((await passkeyLogin(key)).answer.status).toBe(200);
    // A password login still works (and needs the second step).
    expect((await passwordStep(person.email, person.password)).answer.body).toMatchObject({ mfaRequired: true });
  });

  it('counts refused logins without a password against the client’s login budget: past it 429, even for a right answer', async () => {
    const { key } = await withPasskey('client-budget');
    // Another machine: its own budget, so the rest of this suite is not held back.
    const client = stack.client.from('127.0.0.9');
    try {
      const attempt = async (tweak: Parameters<PasskeyAuthenticator['assert']>[1]) => {
        const o = (await client.post('/sessions/passkey/options')).body as Options;
        return client.post('/sessions/passkey', { challengeId: o.challengeId, credential: key.assert(o.options, tweak) });
      };
      // A success costs nothing.
      expect((await attempt({})).status).toBe(200);
      for (let i = 0; i < FREE_PER_CLIENT; i++) expectProblem(await attempt({ forged: true }), 401);
      const statuses = [(await attempt({ forged: true })).status, (await attempt({})).status];
      expect(statuses[0]).toBe(401);
      expect(statuses[1]).toBe(429);
      // The address that did nothing wrong is not held back.
      expect((await passkeyLogin(key)).answer.status).toBe(200);
    } finally {
      await client.close();
    }
  });

  it('removes a passkey only with the password; recovery codes stay while a second factor remains; then logins need only the password', async () => {
    const { person, accountId, session, key, passkeyId } = await withPasskey('remove');
    const phone = PasskeyAuthenticator.create(stack.publicOrigin);
    const phoneAdded = await addPasskey(session, phone, 'Phone');
    const phoneId = (phoneAdded.body as { passkey: { id: string } }).passkey.id;
    const stranger = await withPasskey('remove-other');

    expectProblem(await stack.client.delete(`/me/passkeys/${passkeyId}`, { session, body: { password: 'nav mana parole 123' } }), 422, 'password');
    expectProblem(await stack.client.delete(`/me/passkeys/${passkeyId}`, { session, body: {} }), 422, 'password');
    // Someone else's passkey is 404, like one that does not exist.
    expectProblem(await stack.client.delete(`/me/passkeys/${stranger.passkeyId}`, { session, body: { password: person.password } }), 404);
    expect((await me(session)).body).toMatchObject({ mfa: { passkeys: 2 } });

    expect((await stack.client.delete(`/me/passkeys/${passkeyId}`, { session, body: { password: person.password } })).status).toBe(204);
    expect(await recoveryCodeCount(accountId)).toBe(10);
    expect((await passkeyLogin(key)).answer.status).toBe(401);
    await stack.mail.waitForMail(person.email, (m) => template('second-factor-changed')(m) && /A passkey was removed|Piekļuves atslēga noņemta/u.test(m.text));

    expect((await stack.client.delete(`/me/passkeys/${phoneId}`, { session, body: { password: person.password } })).status).toBe(204);
    expect(await recoveryCodeCount(accountId)).toBe(0);
    expect((await me(session)).body).toMatchObject({ mfa: { totp: false, passkeys: 0 } });
    expectProblem(await stack.client.delete(`/me/passkeys/${phoneId}`, { session, body: { password: person.password } }), 404);
    expect((await stack.client.post('/sessions', { email: person.email, password: person.password })).body).toMatchObject({ mfaRequired: false });
  });

  it('with an authenticator app too: a passkey brings no new recovery codes, and removing the app keeps them while the passkey remains', async () => {
    const person = newPerson('with-app');
    const accountId = await registerVerified(stack, person);
    const session = await login(stack.client, person.email, person.password);
    const started = await stack.client.post('/me/mfa/totp', undefined, { session });
    const { secret } = started.body as { secret: string };
    usedSecrets.push(secret);
    const confirmed = await stack.client.post('/me/mfa/totp/confirm', { code: await Authenticator.of(secret).code() }, { session });
    const { recoveryCodes } = confirmed.body as { recoveryCodes: string[] };
    usedSecrets.push(...recoveryCodes);

    const added = await addPasskey(session, PasskeyAuthenticator.create(stack.publicOrigin), 'Laptop');
    expect(added.status).toBe(201);
    expect(added.body).not.toHaveProperty('recoveryCodes');
    expect((await me(session)).body).toMatchObject({ mfa: { totp: true, passkeys: 1 } });

    expect((await stack.client.delete('/me/mfa/totp', { session, body: { password: person.password, code: recoveryCodes[0] } })).status).toBe(204);
    expect(await recoveryCodeCount(accountId)).toBe(9);
    expect((await passwordStep(person.email, person.password)).answer.body).toMatchObject({ mfaRequired: true });
  });

  it('counts a passkey as the second factor staff routes need, given at login (either way) or by adding one', async () => {
    const admin = await login(stack.client, STAFF.email, STAFF.password);
    const lookup = (session: string) => stack.client.get(`/admin/accounts?email=${encodeURIComponent(STAFF.email)}`, { session });
    expectProblem(await lookup(admin), 403);
    const key = PasskeyAuthenticator.create(stack.publicOrigin);
    const added = await addPasskey(admin, key, 'Staff key');
    expect(added.status).toBe(201);
    usedSecrets.push(...((added.body as { recoveryCodes: string[] }).recoveryCodes ?? []));
    // Adding proved possession: this session may act as staff now; the console shows the method.
    const found = await lookup(admin);
    expect(found.status).toBe(200);
    expect(found.body).toEqual([expect.objectContaining({ mfa: { enabled: true, methods: ['passkey'] } })]);

    const { session: passwordless } = await passkeyLogin(key);
    expect((await lookup(passwordless as string)).status).toBe(200);

    const { session: pending } = await passwordStep(STAFF.email, STAFF.password);
    expectProblem(await lookup(pending), 401);
    const o = await options('/sessions/current/mfa/passkey/options', pending);
    expect((await stack.client.post('/sessions/current/mfa/passkey', { challengeId: o.challengeId, credential: key.assert(o.options) }, { session: pending })).status).toBe(204);
    expect((await lookup(pending)).status).toBe(200);
  });

  it('answers hostile bodies with 422 and changes nothing', async () => {
    const person = newPerson('hostile');
    await registerVerified(stack, person);
    const session = await login(stack.client, person.email, person.password);
    const key = PasskeyAuthenticator.create(stack.publicOrigin);
    const { challengeId, options: o } = await options('/me/passkeys/options', session);
    const credential = key.register(o);
    for (const body of [
      {},
      { challengeId, credential },
      { challengeId, name: '', credential },
      { challengeId, name: 'x'.repeat(65), credential },
      { challengeId, name: 'a\u0000b', credential },
      { challengeId: 'nope', name: 'Laptop', credential },
      { challengeId, name: 'Laptop', credential: { ...credential, type: 'password' } },
      { challengeId, name: 'Laptop', credential: { ...credential, id: 'not base64url!' } },
      { challengeId, name: 'Laptop', credential, extra: true },
    ]) {
      expectProblem(await stack.client.post('/me/passkeys', body, { session }), 422);
    }
    for (const body of [{}, { challengeId: 'nope', credential: {} }, []]) expectProblem(await stack.client.post('/sessions/passkey', body), 422);
    expectProblem(await stack.client.delete('/me/passkeys/not-an-id', { session, body: { password: person.password } }), 404);
    expect((await me(session)).body).toMatchObject({ mfa: { totp: false, passkeys: 0 } });
  });
});
