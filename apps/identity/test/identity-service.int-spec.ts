import { READINESS_CHECKS, runReadinessChecks, type ReadinessCheck } from '@sargs/platform/observability';
import { createTestDatabase, startServiceApp, waitFor, type ServiceApp, type TestDatabase } from '@sargs/testing';
import { identityService } from '../src/identity.definition';

// The medium tier: identity alone, in this process, on a real database and the test broker, with
// requests as the gateway would send them (supertest and a signed assertion). No other process.
describe('identity, in process', () => {
  let db: TestDatabase;
  let identity: ServiceApp;
  const POLICY = 'medium-tier-1';
  const anna = { name: 'Anna Bērziņa', email: 'anna.medium@example.test', password: 'zils kalns zem sniega 91', acceptedPolicyVersion: POLICY };

  const outbox = async (key?: string) =>
    (await identity.dataSource.query<{ type: string; envelope: Record<string, unknown> }[]>(
      `SELECT envelope->>'type' AS type, envelope FROM outbox_message ${key ? 'WHERE message_key = $1' : ''} ORDER BY id`,
      key ? [key] : [],
    ));
  const accounts = () => identity.dataSource.query<{ id: string; email: string; password_hash: string; email_verified_at: Date | null; status: string }[]>('SELECT id, email, password_hash, email_verified_at, status FROM account ORDER BY created_at');

  let readinessBeforeAnyPolicy: Awaited<ReturnType<typeof runReadinessChecks>>;
  let refusedBeforeAnyPolicy: { status: number; body: unknown };

  beforeAll(async () => {
    db = await createTestDatabase('medium_identity');
    identity = await startServiceApp(identityService, { databaseUrl: db.url });
    readinessBeforeAnyPolicy = await runReadinessChecks(identity.app.get<ReadinessCheck[]>(READINESS_CHECKS));
    const refused = await identity.http().post('/accounts').set(identity.as()).send(anna);
    refusedBeforeAnyPolicy = { status: refused.status, body: refused.body };
    // identity learns policy versions from consent's PolicyPublished; here it is simply known.
    await identity.dataSource.query(`INSERT INTO known_policy_version (version, published_at) VALUES ($1, now())`, [POLICY]);
  });
  afterAll(async () => {
    await identity?.close();
    await db?.drop();
  });

  it('says in its readiness report whether it knows the policy in force, without leaving rotation while it does not', async () => {
    // Before any PolicyPublished every sign-up is refused; the report says so, and the app stays ready.
    expect(refusedBeforeAnyPolicy).toMatchObject({ status: 422, body: { errors: [{ field: 'acceptedPolicyVersion' }] } });
    expect(readinessBeforeAnyPolicy).toMatchObject({ ready: true, checks: { database: 'up', 'policy-version': 'down' }, failing: [] });
    expect(await runReadinessChecks(identity.app.get<ReadinessCheck[]>(READINESS_CHECKS))).toMatchObject({ ready: true, checks: { database: 'up', 'policy-version': 'up' } });
  });

  it('registers an account with an argon2id hash and announces it, the verification token sealed', async () => {
    const answer = await identity.http().post('/accounts').set(identity.as()).send(anna);
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 202, body: { status: 'accepted' } });
    // The sign-up is queued and done by identity's worker a moment later (docs/identity.md, "Mail requests").
    const [account] = await waitFor(accounts, (rows) => rows.length > 0, { what: 'the queued sign-up done' });
    expect(account).toMatchObject({ email: anna.email, status: 'active', email_verified_at: null });
    expect(account.password_hash).toMatch(/^\$argon2id\$/);
    const events = await outbox(account.id);
    expect(events.map((e) => e.type)).toEqual(['AccountRegistered', 'EmailVerificationRequested']);
    const written = JSON.stringify(events);
    expect(written).not.toContain(anna.password);
    // The token travels sealed (only notifications can open it): no plain token field.
    const verification = events[1].envelope.payload as Record<string, unknown>;
    expect(verification).not.toHaveProperty('token', expect.any(String));
  });

  it('answers a second sign-up with the same address alike, tells the owner, and creates nothing', async () => {
    const answer = await identity.http().post('/accounts').set(identity.as()).send({ ...anna, name: 'Someone Else', email: anna.email.toUpperCase() });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 202, body: { status: 'accepted' } });
    const all = await accounts();
    expect(all).toHaveLength(1);
    const types = await waitFor(async () => (await outbox(all[0].id)).map((e) => e.type), (t) => t.length === 3, { what: 'the queued sign-up done' });
    expect(types).toEqual(['AccountRegistered', 'EmailVerificationRequested', 'ExistingAccountRegistrationAttempted']);
    expect(await accounts()).toHaveLength(1);
  });

  it('refuses a login before the address is verified exactly like a wrong password', async () => {
    const unverified = await identity.http().post('/sessions').set(identity.as()).send({ email: anna.email, password: anna.password });
    const wrong = await identity.http().post('/sessions').set(identity.as()).send({ email: anna.email, password: 'not the password at all 7' });
    expect(unverified.status).toBe(401);
    expect(unverified.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect({ status: unverified.status, body: unverified.body }).toEqual({ status: wrong.status, body: wrong.body });
  });

  it('refuses a policy version not in force and NUL in a field, naming the field and writing nothing', async () => {
    const before = { accounts: (await accounts()).length, outbox: (await outbox()).length };
    const stale = await identity.http().post('/accounts').set(identity.as()).send({ ...anna, email: 'other.medium@example.test', acceptedPolicyVersion: 'old' });
    expect(stale.status).toBe(422);
    expect(stale.body.errors).toEqual([{ field: 'acceptedPolicyVersion', message: expect.any(String) }]);
    const nul = await identity.http().post('/accounts').set(identity.as()).send({ ...anna, email: 'third.medium@example.test', name: 'An\u0000na' });
    expect(nul.status).toBe(422);
    expect(nul.body.errors).toEqual([{ field: 'name', message: expect.any(String) }]);
    expect({ accounts: (await accounts()).length, outbox: (await outbox()).length }).toEqual(before);
  });

  it('refuses a call without the gateway\'s assertion', async () => {
    const answer = await identity.http().post('/accounts').send({ ...anna, email: 'fourth.medium@example.test' });
    expect(answer.status).toBe(401);
    expect((await accounts()).map((a) => a.email)).not.toContain('fourth.medium@example.test');
  });
});
