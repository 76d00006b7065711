import { randomUUID } from 'node:crypto';
import { createTestDatabase, startServiceApp, type ServiceApp, type TestDatabase } from '@sargs/testing';
import { retentionService } from '../src/retention.definition';

// The medium tier: retention alone, in this process (Nest's testing module), on a real database and
// the test broker, with requests as the gateway would send them (supertest and a signed assertion).
describe('retention, in process', () => {
  let db: TestDatabase;
  let retention: ServiceApp;
  const dpo = { sub: randomUUID(), roles: ['dpo' as const], sid: randomUUID() };
  const until = () => new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();

  beforeAll(async () => {
    db = await createTestDatabase('medium_retention');
    retention = await startServiceApp(retentionService, { databaseUrl: db.url });
  });
  afterAll(async () => {
    await retention?.close();
    await db?.drop();
  });

  it('places a legal hold, lists it, and releases it, each with its audit event in the outbox', async () => {
    const accountId = randomUUID();
    const placed = await retention.http().post('/admin/legal-holds').set(retention.as(dpo)).send({ accountId, reason: 'Court order 12/2026', until: until() });
    expect(placed.status).toBe(201);
    const listed = await retention.http().get('/admin/legal-holds').set(retention.as(dpo));
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).toContain(accountId);
    const released = await retention.http().delete(`/admin/legal-holds/${placed.body.id}`).set(retention.as(dpo));
    expect(released.status).toBe(204);
    const actions = await retention.dataSource.query<{ action: string }[]>(
      `SELECT envelope->'payload'->>'action' AS action FROM outbox_message WHERE envelope->>'type' = 'AuditEventRecorded' ORDER BY id`,
    );
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['legal-hold.placed', 'legal-hold.lifted']));
  });

  it('refuses a person without a staff role, an anonymous caller, and a malformed id, each as problem+json', async () => {
    const user = await retention.http().get('/admin/erasures').set(retention.as({ sub: randomUUID(), roles: ['user'], sid: randomUUID() }));
    expect(user.status).toBe(403);
    const anonymous = await retention.http().get('/me/exports').set(retention.as());
    expect(anonymous.status).toBe(401);
    const malformed = await retention.http().get('/admin/erasures/not-a-uuid').set(retention.as(dpo));
    expect(malformed.status).toBe(404);
    for (const answer of [user, anonymous, malformed]) expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
