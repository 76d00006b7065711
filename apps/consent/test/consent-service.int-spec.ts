import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, startServiceApp, waitFor, type ServiceApp, type TestDatabase } from '@sargs/testing';
import { consentService } from '../src/consent.definition';

const SEED_DIR = path.resolve(__dirname, '../../../policies/privacy');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// The medium tier: consent alone, in this process, on a real database and the test broker, with
// requests as the gateway would send them (supertest and a signed assertion). No other process.
describe('consent, in process', () => {
  let db: TestDatabase;
  let consent: ServiceApp;
  const staff = { sub: randomUUID(), roles: ['admin' as const], sid: randomUUID() };

  const outboxTypes = async () => (await consent.dataSource.query<{ type: string }[]>(`SELECT envelope->>'type' AS type FROM outbox_message ORDER BY id`)).map((r) => r.type);

  beforeAll(async () => {
    db = await createTestDatabase('medium_consent');
    consent = await startServiceApp(consentService, { databaseUrl: db.url });
  });
  afterAll(async () => {
    await consent?.close();
    await db?.drop();
  });

  it('publishes the repository\'s policy at its first start, each text with its SHA-256, cacheable by ETag', async () => {
    const seeded = readFileSync(path.join(SEED_DIR, '2026-11-25', 'lv.md'), 'utf8');
    const answer = await consent.http().get('/policies/privacy?lang=lv').set(consent.as());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ version: '2026-11-25', language: 'lv', sha256: sha256(seeded) });
    expect(answer.headers.etag).toEqual(expect.any(String));
    const again = await consent.http().get('/policies/privacy?lang=lv').set({ ...consent.as(), 'if-none-match': answer.headers.etag });
    expect(again.status).toBe(304);
    await waitFor(outboxTypes, (types) => types.includes('PolicyPublished'), { timeoutMs: 10_000, what: 'PolicyPublished in the outbox' });
  });

  it('lets staff publish a version, which is in force at once; a person without a staff role cannot', async () => {
    const body = { version: 'medium-2', translations: { lv: { content: '# Politika\n\nJauna.' }, en: { content: '# Policy\n\nNew.' } } };
    const refused = await consent.http().post('/admin/policies/privacy').set(consent.as({ ...staff, roles: ['user'] })).send(body);
    expect(refused.status).toBe(403);
    const published = await consent.http().post('/admin/policies/privacy').set(consent.as(staff)).send(body);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 'medium-2', sha256: { lv: sha256(body.translations.lv.content), en: sha256(body.translations.en.content) } });
    expect((await consent.http().get('/policies/privacy?lang=en').set(consent.as())).body).toMatchObject({ version: 'medium-2', content: body.translations.en.content });
    // Versions are insert-only: the same version again is refused and changes nothing.
    const twice = await consent.http().post('/admin/policies/privacy').set(consent.as(staff)).send({ ...body, translations: { ...body.translations, en: { content: 'changed' } } });
    expect(twice.status).toBe(409);
    expect((await consent.http().get('/policies/privacy/versions/medium-2?lang=en').set(consent.as())).body.content).toBe(body.translations.en.content);
    expect((await outboxTypes()).filter((t) => t === 'PolicyPublished')).toHaveLength(2);
  });

  it('refuses an anonymous call to the consent ledger', async () => {
    const answer = await consent.http().get('/me/consents').set(consent.as());
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
