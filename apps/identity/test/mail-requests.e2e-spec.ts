import { startPlatformStack, waitFor, type PlatformStack } from '@sargs/testing';
import { byAccount, byEmail, eventsOf, newPerson, onDatabase } from './identity-e2e-kit';

/** The tables a sign-up, resend or reset could write to. */
const TABLES = ['account', 'account_token', 'throttle_counter', 'outbox_message', 'mail_request'] as const;
type Counts = Record<(typeof TABLES)[number], number>;

/**
 * Security review, finding 3: sign-up, resend and reset must not tell by their answer, nor by the
 * work behind it, whether an address has an account. The request only queues the request (one
 * sealed row); the worker does the rest off the request path, exactly once.
 */
describe('mail requests: the same answer and the same work for a known and an unknown address', () => {
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({
      identityInstances: 2,
      env: {
        // The worker waits an hour at first: what the request path alone wrote stays visible.
        identity: { MAIL_REQUEST_INTERVAL_MS: '3600000', MAILS_PER_ADDRESS_PER_HOUR: '3' },
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000' },
      },
    });
  });
  afterAll(() => stack?.stop());

  const identityDb = (): string => {
    const db = stack.databases.identity;
    if (!db) throw new Error('identity database missing');
    return db.url;
  };
  const counts = (): Promise<Counts> =>
    onDatabase(identityDb(), async (pg) => {
      const { rows } = await pg.query<Counts>(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(', ')}`);
      return rows[0];
    });
  const difference = (before: Counts, after: Counts) => Object.fromEntries(TABLES.map((t) => [t, after[t] - before[t]]));
  /** Accounts written straight into the database, so no mail request of their own is queued. */
  const seed = (emails: string[], verified: boolean): Promise<string[]> =>
    onDatabase(identityDb(), async (pg) => {
      const { rows } = await pg.query<{ id: string }>(
        `INSERT INTO account (id, email, name, password_hash, language, roles, status, email_verified_at, password_changed_at, created_at)
         SELECT gen_random_uuid(), e, 'Seeded Person', 'not a hash', 'en', '{user}', 'active', CASE WHEN $2 THEN now() END, now(), now() FROM unnest($1::text[]) e
         RETURNING id`,
        [emails, verified],
      );
      return rows.map((r) => r.id);
    });
  const policyVersion = () => stack.currentPolicyVersion();
  const signUp = async (email: string) => ({ name: 'Anna Bērziņa', email, password: 'zaļš tilts pār upi 42', acceptedPolicyVersion: await policyVersion() });

  it('answers byte for byte alike and writes exactly one queued request, whether or not the address has an account', async () => {
    const verified = newPerson('known');
    const unverified = newPerson('unverified');
    const taken = newPerson('taken');
    await seed([verified.email, taken.email], true);
    await seed([unverified.email], false);
    const cases: [string, unknown, unknown][] = [
      ['/password-resets', { email: verified.email }, { email: newPerson('nobody').email }],
      ['/accounts/verification/resend', { email: unverified.email }, { email: newPerson('nobody').email }],
      ['/accounts', await signUp(taken.email), await signUp(newPerson('free').email)],
    ];
    for (const [path, known, unknown] of cases) {
      const before = await counts();
      const knownAnswer = await stack.client.post(path, known);
      const between = await counts();
      const unknownAnswer = await stack.client.post(path, unknown);
      const after = await counts();
      expect([knownAnswer.status, unknownAnswer.status]).toEqual([202, 202]);
      expect(knownAnswer.text).toBe(unknownAnswer.text);
      expect(knownAnswer.headers['content-length']).toBe(unknownAnswer.headers['content-length']);
      // No account, token, quota counter or event on the request path: one queued row, either way.
      const one = { account: 0, account_token: 0, throttle_counter: 0, outbox_message: 0, mail_request: 1 };
      expect({ path, known: difference(before, between) }).toEqual({ path, known: one });
      expect({ path, unknown: difference(between, after) }).toEqual({ path, unknown: one });
    }
    // The queue holds no address in clear (nor a name or password hash): its content is sealed.
    const stored = await onDatabase(identityDb(), (pg) => pg.query<{ row: string }>('SELECT row_to_json(r)::text AS row FROM mail_request r'));
    expect(stored.rows).toHaveLength(6);
    for (const { row } of stored.rows) {
      for (const text of [verified.email, unverified.email, taken.email, 'Bērziņa', '$argon2id$']) expect(row).not.toContain(text);
    }
  });

  it('does the queued work once after a crash, with two instances taking from one queue, and keeps to the mail quota', async () => {
    const people = Array.from({ length: 12 }, () => newPerson('reset'));
    const ids = await seed(people.map((p) => p.email), true);
    const flooded = newPerson('flooded');
    const [floodedId] = await seed([flooded.email], false);
    const nobody = newPerson('nobody');
    const fresh = newPerson('fresh');
    for (const person of people) expect((await stack.client.post('/password-resets', { email: person.email })).status).toBe(202);
    for (let i = 0; i < 5; i++) expect((await stack.client.post('/accounts/verification/resend', { email: flooded.email })).status).toBe(202);
    expect((await stack.client.post('/password-resets', { email: nobody.email })).status).toBe(202);
    expect((await stack.client.post('/accounts', await signUp(fresh.email))).status).toBe(202);
    expect((await counts()).mail_request).toBeGreaterThanOrEqual(people.length + 7);

    // A crash loses nothing: the requests are rows, and both instances come back to a full queue.
    await Promise.all(stack.processes.identity.map((p) => p.stop('SIGKILL')));
    await Promise.all(stack.processes.identity.map((p) => p.restart({ MAIL_REQUEST_INTERVAL_MS: '100' })));
    await waitFor(counts, (c) => c.mail_request === 0, { timeoutMs: 30_000, what: 'the queue to be empty' });
    await waitFor(
      async () => eventsOf(stack, 'AccountRegistered', byEmail(fresh.email)).length + ids.filter((id) => eventsOf(stack, 'PasswordResetRequested', byAccount(id)).length > 0).length,
      (n) => n === people.length + 1,
      { timeoutMs: 30_000, what: 'every queued reset and the sign-up to be published' },
    );
    await new Promise((r) => setTimeout(r, 1000));

    // Nothing doubled: one link per reset, however many workers ran.
    for (const id of ids) expect(eventsOf(stack, 'PasswordResetRequested', byAccount(id))).toHaveLength(1);
    // MAILS_PER_ADDRESS_PER_HOUR=3: five resends, three links.
    expect(eventsOf(stack, 'EmailVerificationRequested', byAccount(floodedId))).toHaveLength(3);
    expect(stack.events.filter((e) => JSON.stringify(e.payload).includes(nobody.email))).toEqual([]);
    const registered = eventsOf(stack, 'AccountRegistered', byEmail(fresh.email));
    expect(registered).toHaveLength(1);
    expect(eventsOf(stack, 'EmailVerificationRequested', byEmail(fresh.email))).toHaveLength(1);
  });
});
