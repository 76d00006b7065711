import { sessionCookie, startPlatformStack, type PlatformStack } from '@sargs/testing';
import { login, newPerson, onDatabase, registerVerified } from './identity-e2e-kit';

/**
 * Two identity and two gateway instances on one database: brute-force limits, sessions and
 * password upgrades hold whichever instance answers.
 */
describe('two identity and two gateway instances', () => {
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({
      identityInstances: 2,
      gatewayInstances: 2,
      env: {
        identity: {
          LOGIN_FREE_ATTEMPTS_PER_ACCOUNT: '3',
          LOGIN_FREE_ATTEMPTS_PER_CLIENT: '12',
          LOGIN_BACKOFF_BASE_MS: '2000',
          SESSION_IDLE_TIMEOUT_MS: '4000',
          SESSION_ABSOLUTE_LIFETIME_MS: '9000',
        },
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '25' },
      },
      // identity#1 hashes with a higher cost than identity#0: a login there upgrades old hashes.
      perInstanceEnv: { identity: [{}, { ARGON2_TIME_COST: '3' }] },
    });
  });
  afterAll(() => stack?.stop());

  const [gatewayA, gatewayB] = [0, 1].map((i) => () => stack.clients[i]);
  const identityDb = () => {
    const db = stack.databases.identity;
    if (!db) throw new Error('identity database missing');
    return db.url;
  };

  it('backs off an account after its free attempts, counting failures on every instance, with 429 and Retry-After', async () => {
    const person = newPerson('brute');
    await registerVerified(stack, person);
    const wrong = { email: person.email, password: 'nav pareizā parole 0' };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await (i % 2 ? gatewayB() : gatewayA()).post('/sessions', wrong)).status);
    expect(answers).toEqual([401, 401, 401]);
    // The fourth failure starts the backoff; from then on even the right password waits.
    expect((await gatewayB().post('/sessions', wrong)).status).toBe(401);
    const locked = await gatewayA().post('/sessions', { email: person.email, password: person.password });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(locked.headers['content-type']).toMatch(/^application\/problem\+json/);
    const elsewhere = await gatewayB().post('/sessions', { email: person.email.toUpperCase(), password: person.password });
    expect(elsewhere.status).toBe(429);

    await new Promise((r) => setTimeout(r, Number(locked.headers['retry-after']) * 1000 + 200));
    await login(gatewayB(), person.email, person.password);
  });

  it('upgrades a password hash made with weaker parameters when its owner logs in', async () => {
    const person = newPerson('rehash');
    // Sign-up through gateway A reaches identity#0 (t=2); the login through gateway B reaches identity#1 (t=3).
    const accountId = await registerVerified(stack, person);
    const costOf = () =>
      onDatabase(identityDb(), async (pg) => (await pg.query<{ h: string }>('SELECT password_hash AS h FROM account WHERE id = $1', [accountId])).rows[0].h.match(/t=(\d+)/)?.[1]);
    expect(await costOf()).toBe('2');
    await login(gatewayB(), person.email, person.password);
    expect(await costOf()).toBe('3');
    await login(gatewayA(), person.email, person.password);
  });

  it('ends a session after the idle timeout, and an active one at its absolute lifetime', async () => {
    const person = newPerson('expiry');
    await registerVerified(stack, person);
    const idle = await login(gatewayA(), person.email, person.password);
    const active = await login(gatewayB(), person.email, person.password);
    const started = Date.now();
    let activeAlive = true;
    let idleStatus = 0;
    while (Date.now() - started < 10_500) {
      const status = (await gatewayA().get('/me', { session: active })).status;
      if (Date.now() - started < 8_000) expect(status).toBe(200);
      activeAlive = status === 200;
      // Past the 4 s idle timeout but well inside the 9 s lifetime: only idleness can end it.
      if (!idleStatus && Date.now() - started > 5_000) idleStatus = (await gatewayB().get('/me', { session: idle })).status;
      await new Promise((r) => setTimeout(r, 700));
    }
    expect(idleStatus).toBe(401);
    expect(activeAlive).toBe(false);
  });

  it('limits each gateway per client and route, answering 429 problem+json with Retry-After', async () => {
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 30 && !limited; i++) {
      const answer = await gatewayA().post('/password-resets', { email: newPerson('rl').email });
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(limited).toBeDefined();
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited?.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(statuses.slice(0, -1).every((s) => s === 202)).toBe(true);
  });

  it('backs off a client address that keeps failing, whatever addresses it tries', async () => {
    let answer;
    for (let i = 0; i < 20; i++) {
      answer = await (i % 2 ? gatewayB() : gatewayA()).post('/sessions', { email: newPerson('spray').email, password: 'minējums numur viens' });
      if (answer.status === 429) break;
    }
    expect(answer?.status).toBe(429);
    expect(Number(answer?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  // Last: it stops services.
  it('answers 503 problem+json when a service is down, and keeps serving what it can', async () => {
    const person = newPerson('outage');
    await registerVerified(stack, person);
    // The test before left this client address in backoff: wait it out.
    let attempt = await gatewayA().post('/sessions', { email: person.email, password: person.password });
    for (let i = 0; i < 3 && attempt.status === 429; i++) {
      await new Promise((r) => setTimeout(r, Number(attempt.headers['retry-after']) * 1000 + 200));
      attempt = await gatewayA().post('/sessions', { email: person.email, password: person.password });
    }
    const sid = sessionCookie(attempt) as string;
    expect(attempt.status).toBe(200);
    await stack.processes.profile[0].stop();
    const profile = await gatewayA().get('/me/profile', { session: sid });
    expect(profile.status).toBe(503);
    expect(profile.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(profile.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/i);
    expect((await gatewayA().get('/sessions', { session: sid })).status).toBe(200);
    // GET /me needs only identity: its copy of the name and language comes with the session.
    const me = await gatewayA().get('/me', { session: sid });
    expect([me.status, (me.body as { name?: string }).name]).toEqual([200, person.name]);

    await stack.processes.identity[0].stop();
    const login0 = await gatewayA().post('/sessions', { email: person.email, password: person.password });
    expect(login0.status).toBe(503);
    expect(login0.body).toMatchObject({ status: 503, detail: expect.any(String) });
    // Gateway B talks to identity#1, which still runs.
    expect((await gatewayB().get('/sessions', { session: sid })).status).toBe(200);
  });
});
