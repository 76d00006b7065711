import { randomUUID } from 'node:crypto';
import { createTestDatabase, startServiceApp, waitFor, type ServiceApp, type TestDatabase } from '@sargs/testing';
import { notificationsService } from '../src/notifications.definition';

// The medium tier: notifications alone, in this process (Nest's testing module), on a real database,
// the test broker and the test MailDev, with requests as the gateway would send them.
describe('notifications, in process', () => {
  let db: TestDatabase;
  let notifications: ServiceApp;
  const staff = { sub: randomUUID(), roles: ['admin' as const], sid: randomUUID() };
  const incident = (accountIds: string[]) => ({
    title: 'Incident in process',
    message: { lv: 'Mēs atklājām incidentu.', en: 'We found an incident.' },
    audience: { accountIds },
  });

  beforeAll(async () => {
    db = await createTestDatabase('medium_notifications');
    notifications = await startServiceApp(notificationsService, { databaseUrl: db.url });
  });
  afterAll(async () => {
    await notifications?.close();
    await db?.drop();
  });

  it('lets staff declare an incident for listed accounts and reports whom it reached; the unknown one is skipped', async () => {
    const known = randomUUID();
    await notifications.dataSource.query(
      `INSERT INTO recipient (account_id, email, name, language, email_verified, registered_at, email_at, profile_at) VALUES ($1, $2, 'Anna', 'en', true, now(), now(), now())`,
      [known, `incident-${known.slice(0, 8)}@example.test`],
    );
    const declared = await notifications.http().post('/admin/incidents').set(notifications.as(staff)).send(incident([known, randomUUID()]));
    expect(declared.status).toBe(202);
    const status = await waitFor(
      async () => (await notifications.http().get(`/admin/incidents/${declared.body.id}`).set(notifications.as(staff))).body,
      (body) => body.notified === 1,
      { what: 'the incident mail sent' },
    );
    expect(status).toMatchObject({ id: declared.body.id, kind: 'incident', title: 'Incident in process', notified: 1, skipped: 1, pending: 0 });
  });

  it('refuses a person without a staff role (403) and a bad body (422 naming the field), writing nothing', async () => {
    const before = await notifications.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM broadcast`);
    const refused = await notifications.http().post('/admin/incidents').set(notifications.as({ ...staff, roles: ['user'] })).send(incident([randomUUID()]));
    expect(refused.status).toBe(403);
    const invalid = await notifications.http().post('/admin/incidents').set(notifications.as(staff)).send({ ...incident([randomUUID()]), audience: { accountIds: [] } });
    expect(invalid.status).toBe(422);
    expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(invalid.body.errors)).toContain('audience');
    expect(await notifications.dataSource.query(`SELECT count(*) AS n FROM broadcast`)).toEqual(before);
  });
});
