import { auditOutbox, startPlatformStack, waitFor, withDatabase, type ApiClient, type ApiResponse, type PlatformStack } from '@sargs/testing';
import { newPerson, registerVerified } from './identity-e2e-kit';

const FREE_PER_PAIR = 3;
const FREE_PER_CLIENT = 12;

/**
 * Login throttling against a real attacker's moves, each from its own loopback address as the
 * gateway sees it: bursts of parallel guesses, an attacker trying to lock the owner out, and
 * failures used to flood the owner's inbox.
 */
describe('login throttling: bursts, lockout as a weapon, warning mails', () => {
  let stack: PlatformStack;
  const clients: ApiClient[] = [];

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile'],
      env: {
        identity: {
          LOGIN_FREE_ATTEMPTS_PER_ACCOUNT: String(FREE_PER_PAIR),
          LOGIN_FREE_ATTEMPTS_PER_CLIENT: String(FREE_PER_CLIENT),
          LOGIN_BACKOFF_BASE_MS: '60000',
          MAILS_PER_ADDRESS_PER_HOUR: '1',
        },
        // The gateway's own limits out of the way: every 429 here is identity's.
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '100000', RATE_LIMIT_PER_MINUTE: '100000' },
      },
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await stack?.stop();
  });

  /** A machine of its own: 127.0.0.<n>. */
  const machine = (n: number) => {
    const client = stack.client.from(`127.0.0.${n}`);
    clients.push(client);
    return client;
  };
  const identityDb = () => stack.databases.identity?.url ?? '';
  const statuses = (answers: ApiResponse[]) => answers.map((a) => a.status).sort();

  it('checks at most free + 1 passwords of a burst of parallel guesses at one account, and answers the rest 429 with Retry-After', async () => {
    const victim = newPerson('burst');
    await registerVerified(stack, victim);
    const attacker = machine(2);
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => attacker.post('/sessions', { email: victim.email, password: `minējums numur ${i} ir nepareizs` })));
    const checked = answers.filter((a) => a.status === 401);
    const refused = answers.filter((a) => a.status === 429);
    expect(checked.length + refused.length).toBe(30);
    expect(checked.length).toBeGreaterThanOrEqual(1);
    expect(checked.length).toBeLessThanOrEqual(FREE_PER_PAIR + 1);
    for (const answer of refused) expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('checks at most free + 1 passwords of a parallel spray over many addresses from one client', async () => {
    const sprayer = machine(3);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => sprayer.post('/sessions', { email: newPerson(`spray${i}`).email, password: 'Vasara2026!' })));
    expect(statuses(answers).filter((s) => s === 401).length).toBeLessThanOrEqual(FREE_PER_CLIENT + 1);
    expect(statuses(answers).filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });

  it("lets the owner in from their own machine while the attacker's machine is held back, even with the right password", async () => {
    const owner = newPerson('owner');
    await registerVerified(stack, owner);
    const attacker = machine(4);
    const answers: number[] = [];
    for (let i = 0; i <= FREE_PER_PAIR + 1; i++) answers.push((await attacker.post('/sessions', { email: owner.email, password: `nav tā parole ${i}` })).status);
    expect(answers).toEqual([...Array<number>(FREE_PER_PAIR + 1).fill(401), 429]);

    const own = await machine(5).post('/sessions', { email: owner.email, password: owner.password });
    expect(own.status).toBe(200);
    expect(own.cookies.some((c) => c.startsWith('__Host-sid='))).toBe(true);
    // The attacker's pair stays in backoff: a correct guess now would not even be checked.
    expect((await attacker.post('/sessions', { email: owner.email, password: owner.password })).status).toBe(429);
  });

  it("forgets a pair's failures when its password passes, and gives the client its attempt back", async () => {
    const owner = newPerson('settled');
    await registerVerified(stack, owner);
    const own = machine(6);
    const wrong = async () => (await own.post('/sessions', { email: owner.email, password: 'ne tā parole' })).status;
    const right = async () => (await own.post('/sessions', { email: owner.email, password: owner.password })).status;
    // A run of free failures, then the right password: the run is over, the next one starts free.
    for (let i = 0; i < FREE_PER_PAIR; i++) expect(await wrong()).toBe(401);
    expect(await right()).toBe(200);
    for (let i = 0; i < FREE_PER_PAIR; i++) expect(await wrong()).toBe(401);
    expect(await right()).toBe(200);
    // Every login that passed gave its reserved attempt back: more of them than the client's free attempts all pass.
    const passed: number[] = [];
    for (let i = 0; i < FREE_PER_CLIENT + 2; i++) passed.push(await right());
    expect(passed).toEqual(Array<number>(FREE_PER_CLIENT + 2).fill(200));
  });

  it('warns the owner once per run of failures, within the per-address mail quota: a spent quota sends no warning, the audit trail still has it', async () => {
    // MAILS_PER_ADDRESS_PER_HOUR=1: the sign-up's verification mail took this address's quota.
    const person = newPerson('quota');
    const accountId = await registerVerified(stack, person);
    const attacker = machine(6);
    for (let i = 0; i <= FREE_PER_PAIR; i++) expect((await attacker.post('/sessions', { email: person.email, password: `minējums ${i}` })).status).toBe(401);

    await waitFor(
      async () => (await auditOutbox(identityDb())).filter((a) => a.action === 'login.locked-out' && a.subject === accountId).length,
      (n) => n === 1,
      { what: 'the lock-out in the audit trail' },
    );
    // Written in the same transaction as the audit entry: if it were there, it would be there now.
    const warnings = await withDatabase(identityDb(), async (pg) =>
      (await pg.query(`SELECT 1 FROM outbox_message WHERE envelope->>'type' = 'SuspiciousLoginDetected' AND envelope->>'subjectId' = $1`, [accountId])).rowCount,
    );
    expect(warnings).toBe(0);
  });
});
