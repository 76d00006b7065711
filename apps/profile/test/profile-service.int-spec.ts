import { randomUUID } from 'node:crypto';
import { createTestDatabase, startServiceApp, waitFor, type ServiceApp, type TestDatabase } from '@sargs/testing';
import { profileService } from '../src/profile.definition';

// The medium tier: profile alone, in this process (Nest's testing module), on a real database and
// the test broker, with requests as the gateway would send them (supertest and a signed assertion).
describe('profile, in process', () => {
  let db: TestDatabase;
  let profile: ServiceApp;

  beforeAll(async () => {
    db = await createTestDatabase('medium_profile');
    profile = await startServiceApp(profileService, { databaseUrl: db.url });
  });
  afterAll(async () => {
    await profile?.close();
    await db?.drop();
  });

  /** A profile as AccountRegistered would have created it (the consumer is tested in profile.int-spec.ts). */
  async function existingProfile(): Promise<string> {
    const accountId = randomUUID();
    await profile.dataSource.query(`INSERT INTO profile (account_id, name, email, language) VALUES ($1, 'Anna Bērziņa', $2, 'lv')`, [accountId, `${accountId.slice(0, 8)}@example.test`]);
    return accountId;
  }
  const profileChanges = (accountId: string) =>
    profile.dataSource.query<{ payload: { name: string; language: string } }[]>(
      `SELECT envelope->'payload' AS payload FROM outbox_message WHERE message_key = $1 AND envelope->>'type' = 'ProfileChanged' ORDER BY id`,
      [accountId],
    );

  it('shows the signed-in person their profile, and refuses an anonymous call with problem+json', async () => {
    const accountId = await existingProfile();
    const mine = await profile.http().get('/me/profile').set(profile.as({ sub: accountId, roles: ['user'], sid: randomUUID() }));
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({ name: 'Anna Bērziņa', email: `${accountId.slice(0, 8)}@example.test`, language: 'lv' });
    const anonymous = await profile.http().get('/me/profile').set(profile.as());
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('changes name and language with ProfileChanged in the same commit; a change to the same values writes nothing', async () => {
    const accountId = await existingProfile();
    const caller = profile.as({ sub: accountId, roles: ['user'], sid: randomUUID() });
    const changed = await profile.http().patch('/me/profile').set(caller).send({ name: 'Anna Kalniņa', language: 'en' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Anna Kalniņa', language: 'en' });
    const again = await profile.http().patch('/me/profile').set(caller).send({ name: 'Anna Kalniņa' });
    expect(again.status).toBe(200);
    const events = await waitFor(() => profileChanges(accountId), (rows) => rows.length >= 1, { what: 'ProfileChanged in the outbox' });
    expect(events.map((e) => [e.payload.name, e.payload.language])).toEqual([['Anna Kalniņa', 'en']]);
  });

  it('answers a bad body with 422 naming the field, and changes nothing', async () => {
    const accountId = await existingProfile();
    const answer = await profile.http().patch('/me/profile').set(profile.as({ sub: accountId, roles: ['user'], sid: randomUUID() })).send({ language: 'de' });
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(answer.body.errors)).toContain('language');
    expect(await profileChanges(accountId)).toEqual([]);
  });

  it('answers 404 to an account without a profile', async () => {
    const answer = await profile.http().get('/me/profile').set(profile.as({ sub: randomUUID(), roles: ['user'], sid: randomUUID() }));
    expect(answer.status).toBe(404);
  });
});
