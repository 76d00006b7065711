import { startPlatformStack, waitFor, type PlatformStack } from '@sargs/testing';
import { byAccount, eventsOf, login, newPerson, onDatabase, registerVerified, waitForEvent } from './identity-e2e-kit';

const byNewEmail = (email: string) => (e: { payload: unknown }) => (e.payload as { newEmail?: string }).newEmail === email;

describe('e-mail change through the gateway (docs/api.md "Profile and preferences")', () => {
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({
      env: {
        identity: { MAILS_PER_ADDRESS_PER_HOUR: '3' },
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000' },
      },
    });
  });
  afterAll(() => stack?.stop());

  const identityDbUrl = (): string => {
    const db = stack.databases.identity;
    if (!db) throw new Error('identity database missing');
    return db.url;
  };

  async function signedIn(tag: string) {
    const person = newPerson(tag);
    const accountId = await registerVerified(stack, person);
    const session = await login(stack.client, person.email, person.password);
    return { person, accountId, session };
  }

  const requestChange = (session: string, newEmail: string, password: string) => stack.client.post('/me/email-change', { newEmail, password }, { session });
  const confirm = (session: string, token: string) => stack.client.post('/me/email-change/confirm', { token }, { session });

  it('mails a sealed token to the new address, changes the address only on confirmation, and profile follows', async () => {
    const { person, accountId, session } = await signedIn('change');
    const newEmail = newPerson('changed').email;
    const asked = await requestChange(session, `  ${newEmail.toUpperCase()} `, person.password);
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ status: 'accepted' });

    const requested = await waitForEvent(stack, 'EmailChangeRequested', byAccount(accountId));
    expect(requested.payload).toEqual({ accountId, newEmail, language: 'en', token: expect.any(Object), expiresAt: expect.any(String) });
    const token = stack.openToken(requested);
    expect(JSON.stringify(requested)).not.toContain(token);
    expect(JSON.stringify(requested)).not.toContain(person.password);

    // Until confirmation nothing has changed: the old address logs in, the new one does not.
    expect(((await stack.client.get('/me', { session })).body as { email: string }).email).toBe(person.email);
    expect((await stack.client.post('/sessions', { email: newEmail, password: person.password })).status).toBe(401);
    await login(stack.client, person.email, person.password);

    expect((await confirm(session, token)).status).toBe(204);
    expect((await confirm(session, token)).status).toBe(400);

    const me = (await stack.client.get('/me', { session })).body as { email: string; emailVerified: boolean };
    expect(me).toMatchObject({ email: newEmail, emailVerified: true });
    const changed = await waitForEvent(stack, 'AccountEmailChanged', byAccount(accountId));
    expect(changed.payload).toEqual({ accountId, email: newEmail, changedAt: expect.any(String) });

    expect((await stack.client.post('/sessions', { email: person.email, password: person.password })).status).toBe(401);
    await login(stack.client, newEmail, person.password);
    // Sessions stay (docs/profile.md): the one that changed the address still works.
    expect((await stack.client.get('/sessions', { session })).status).toBe(200);

    await waitFor(
      () => stack.client.get('/me/profile', { session }),
      (answer) => (answer.body as { email?: string }).email === newEmail,
      { timeoutMs: 30_000, what: "profile's copy of the new address" },
    );
  });

  it('answers a taken address exactly like a free one, sends it nothing, and refuses a wrong password with 422', async () => {
    const owner = await signedIn('owner');
    const { person, accountId, session } = await signedIn('asker');
    const free = newPerson('free').email;

    const wrong = await requestChange(session, free, 'not my password at all');
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ status: 422, errors: [{ field: 'password', message: 'is not correct' }] });
    expect(wrong.text).not.toContain('not my password');

    const same = await requestChange(session, person.email, person.password);
    expect(same.status).toBe(422);
    expect(same.body).toMatchObject({ errors: [{ field: 'newEmail' }] });

    const taken = await requestChange(session, owner.person.email.toUpperCase(), person.password);
    const fresh = await requestChange(session, free, person.password);
    expect([taken.status, fresh.status]).toEqual([202, 202]);
    expect(taken.text).toBe(fresh.text);
    // The free one is published after the taken one would have been (same account, same order).
    await waitForEvent(stack, 'EmailChangeRequested', byNewEmail(free));
    expect(eventsOf(stack, 'EmailChangeRequested', byAccount(accountId)).map((e) => (e.payload as { newEmail: string }).newEmail)).toEqual([free]);
    expect(eventsOf(stack, 'EmailChangeRequested', byNewEmail(owner.person.email))).toEqual([]);
    // Its owner gets no notice either (docs/profile.md).
    expect(eventsOf(stack, 'ExistingAccountRegistrationAttempted', byAccount(owner.accountId))).toEqual([]);
  });

  it('refuses unknown, superseded, expired and foreign tokens with 400, and needs a session', async () => {
    const anna = await signedIn('anna');
    const bob = await signedIn('bob');
    expect((await confirm(anna.session, 'A'.repeat(43))).status).toBe(400);
    expect((await stack.client.post('/me/email-change/confirm', { token: 'A'.repeat(43) })).status).toBe(401);

    const first = newPerson('first').email;
    const second = newPerson('second').email;
    await requestChange(anna.session, first, anna.person.password);
    const firstEvent = await waitForEvent(stack, 'EmailChangeRequested', byNewEmail(first));
    await requestChange(anna.session, second, anna.person.password);
    const secondEvent = await waitForEvent(stack, 'EmailChangeRequested', byNewEmail(second));
    // Only the newest link works.
    expect((await confirm(anna.session, stack.openToken(firstEvent))).status).toBe(400);
    // Anna's token in Bob's session: 400, and it stays Anna's to use.
    const annaToken = stack.openToken(secondEvent);
    const foreign = await confirm(bob.session, annaToken);
    expect(foreign.status).toBe(400);
    expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(((await stack.client.get('/me', { session: bob.session })).body as { email: string }).email).toBe(bob.person.email);

    await onDatabase(identityDbUrl(), (pg) =>
      pg.query(`UPDATE account_token SET expires_at = now() - interval '1 second' WHERE account_id = $1 AND purpose = 'change-email'`, [anna.accountId]),
    );
    expect((await confirm(anna.session, annaToken)).status).toBe(400);
    expect(((await stack.client.get('/me', { session: anna.session })).body as { email: string }).email).toBe(anna.person.email);
    expect(eventsOf(stack, 'AccountEmailChanged', byAccount(anna.accountId))).toEqual([]);
  });

  it('answers 409 and changes nothing when the new address was registered meanwhile', async () => {
    const { person, accountId, session } = await signedIn('race');
    const wanted = newPerson('wanted');
    await requestChange(session, wanted.email, person.password);
    const requested = await waitForEvent(stack, 'EmailChangeRequested', byNewEmail(wanted.email));
    await registerVerified(stack, wanted);

    const answer = await confirm(session, stack.openToken(requested));
    expect(answer.status).toBe(409);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(((await stack.client.get('/me', { session })).body as { email: string }).email).toBe(person.email);
    expect(eventsOf(stack, 'AccountEmailChanged', byAccount(accountId))).toEqual([]);
    // The token is used up: asking again needs a new request.
    expect((await confirm(session, stack.openToken(requested))).status).toBe(400);
  });

  it('limits mails per recipient address: past the quota the answer is the same 202 and nothing is sent', async () => {
    const { person, accountId, session } = await signedIn('quota');
    const target = newPerson('flooded').email;
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await requestChange(session, target, person.password));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    const marker = newPerson('marker').email;
    await requestChange(session, marker, person.password);
    await waitForEvent(stack, 'EmailChangeRequested', byNewEmail(marker));
    expect(eventsOf(stack, 'EmailChangeRequested', (e) => byAccount(accountId)(e) && byNewEmail(target)(e))).toHaveLength(3);
  });
});
