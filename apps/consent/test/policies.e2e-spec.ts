import { createHash } from 'node:crypto';
import { startPlatformStack, waitFor, type PlatformStack } from '@sargs/testing';
import { consentSnapshot, login, newPerson, SEED_VERSION, seedText, signUp, STAFF, waitForEvent, waitForSignupRecord } from './consent-e2e-kit';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('privacy policy versions through the gateway (docs/api.md "Policy and consent", R25)', () => {
  let stack: PlatformStack;
  let staff: string;
  let user: string;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'consent'],
      env: {
        identity: { SARGS_ADMIN_EMAIL: STAFF.email, SARGS_ADMIN_PASSWORD: STAFF.password },
        gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000' },
      },
    });
    staff = await login(stack, STAFF.email, STAFF.password);
    user = (await signUp(stack, newPerson('policy-user'))).session;
  });
  afterAll(() => stack?.stop());

  describe('reading', () => {
    it('serves the seeded version in force, in English by default, with its SHA-256 and caching headers', async () => {
      const answer = await stack.client.get('/policies/privacy');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ version: SEED_VERSION, language: 'en', publishedAt: expect.any(String), sha256: sha256(seedText('en')), content: seedText('en') });
      expect(answer.headers.etag).toBe(`"${SEED_VERSION}-en-${sha256(seedText('en')).slice(0, 16)}"`);
      expect(answer.headers['cache-control']).toBe('public, max-age=60');
      // The language came from the (absent) hint: the answer varies with what the hint is made of.
      expect(answer.headers.vary).toBe('Accept-Language, Cookie');
      // The gateway keeps what consent marks public (docs/gateway.md, "Public answers"): the next
      // read is its copy, with the Age a shared cache adds, and the same headers.
      const again = await stack.client.get('/policies/privacy');
      expect(again.body).toEqual(answer.body);
      expect(again.headers.age).toMatch(/^\d+$/);
      expect(again.headers.etag).toBe(answer.headers.etag);
    });

    it('takes ?lang= first, then the lang cookie, then Accept-Language', async () => {
      const lv = await stack.client.get('/policies/privacy?lang=lv', { headers: { 'accept-language': 'en' } });
      expect(lv.body).toMatchObject({ language: 'lv', sha256: sha256(seedText('lv')), content: seedText('lv') });
      expect(lv.headers.vary).toBeUndefined();
      expect((await stack.client.get('/policies/privacy', { headers: { 'accept-language': 'lv-LV, en;q=0.5' } })).body).toMatchObject({ language: 'lv' });
      expect((await stack.client.get('/policies/privacy', { headers: { 'accept-language': 'lv', cookie: 'lang=en' } })).body).toMatchObject({ language: 'en' });
      expect((await stack.client.get('/policies/privacy', { headers: { 'accept-language': 'de' } })).body).toMatchObject({ language: 'en' });
    });

    it('refuses a language other than lv or en with 422 naming lang', async () => {
      for (const query of ['lang=de', 'lang=LV', 'lang=', 'lang=lv&lang=en']) {
        const answer = await stack.client.get(`/policies/privacy?${query}`);
        expect([query, answer.status]).toEqual([query, 422]);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(answer.body).toMatchObject({ errors: [{ field: 'lang' }] });
      }
      expect((await stack.client.get(`/policies/privacy/versions/${SEED_VERSION}?lang=ru`)).status).toBe(422);
    });

    it('answers 304 to a matching If-None-Match, and 200 to another tag', async () => {
      const first = await stack.client.get('/policies/privacy?lang=lv');
      const etag = String(first.headers.etag);
      const again = await stack.client.get('/policies/privacy?lang=lv', { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.etag).toBe(etag);
      expect(again.headers['cache-control']).toBe('public, max-age=60');
      expect((await stack.client.get('/policies/privacy?lang=lv', { headers: { 'if-none-match': `"other", W/${etag}` } })).status).toBe(304);
      expect((await stack.client.get('/policies/privacy?lang=en', { headers: { 'if-none-match': etag } })).status).toBe(200);
    });

    it('lists the versions and serves a named one; an unknown version is 404', async () => {
      const list = await stack.client.get('/policies/privacy/versions');
      expect(list.status).toBe(200);
      expect((list.body as unknown[]).at(-1)).toEqual({
        version: SEED_VERSION,
        publishedAt: expect.any(String),
        languages: ['lv', 'en'],
        sha256: { lv: sha256(seedText('lv')), en: sha256(seedText('en')) },
      });
      const named = await stack.client.get(`/policies/privacy/versions/${SEED_VERSION}?lang=lv`);
      expect(named.status).toBe(200);
      expect(named.body).toMatchObject({ version: SEED_VERSION, language: 'lv', content: seedText('lv') });
      expect(named.headers['cache-control']).toBe('public, max-age=86400');
      expect((await stack.client.get(`/policies/privacy/versions/${SEED_VERSION}`, { headers: { 'if-none-match': String(named.headers.etag) } })).status).toBe(200);
      for (const version of ['1999-01-01', 'nope', '..x', '-x']) {
        const unknown = await stack.client.get(`/policies/privacy/versions/${version}`);
        expect([version, unknown.status]).toEqual([version, 404]);
        expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });

  describe('publishing (staff)', () => {
    const body = (version: string) => ({
      version,
      translations: { lv: { content: `# Politika ${version}\n\nĀboli un ķirši.\n` }, en: { content: `# Policy ${version}\n\nApples and cherries.\n` } },
    });

    it('needs a session (401) and a staff role (403), and our Origin', async () => {
      const before = await consentSnapshot(stack);
      expect((await stack.client.post('/admin/policies/privacy', body('2027-01-01'))).status).toBe(401);
      expect((await stack.client.post('/admin/policies/privacy', body('2027-01-01'), { session: user })).status).toBe(403);
      expect((await stack.client.post('/admin/policies/privacy', body('2027-01-01'), { session: staff, origin: 'https://evil.example' })).status).toBe(403);
      expect(await consentSnapshot(stack)).toEqual(before);
    });

    it('refuses a body without both languages, or with a bad version label, with 422', async () => {
      const before = await consentSnapshot(stack);
      const bad = [
        { version: '2027-01-01', translations: { lv: { content: 'x' } } },
        { version: '2027-01-01', translations: { lv: { content: 'x' }, en: { content: '' } } },
        { version: 'a/b', translations: body('x').translations },
        { version: 'x'.repeat(51), translations: body('x').translations },
        { ...body('2027-01-01'), extra: true },
      ];
      for (const b of bad) {
        const answer = await stack.client.post('/admin/policies/privacy', b, { session: staff });
        expect([b, answer.status]).toEqual([b, 422]);
        expect((answer.body as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
      }
      expect(await consentSnapshot(stack)).toEqual(before);
    });

    it('publishes a version that is in force at once, announces it, and sign-up then requires it', async () => {
      const old = await stack.currentPolicyVersion();
      expect(old).toBe(SEED_VERSION);
      // A copy of the old version the gateway keeps: the publication must drop it at once.
      expect((await stack.client.get('/policies/privacy?lang=en')).body).toMatchObject({ version: SEED_VERSION });
      expect((await stack.client.get('/policies/privacy?lang=en')).headers.age).toBeDefined();
      const published = await stack.client.post('/admin/policies/privacy', body('2027-02-01'), { session: staff });
      expect(published.status).toBe(201);
      const summary = {
        version: '2027-02-01',
        publishedAt: expect.any(String),
        languages: ['lv', 'en'],
        sha256: { lv: sha256(body('2027-02-01').translations.lv.content), en: sha256(body('2027-02-01').translations.en.content) },
      };
      expect(published.body).toEqual(summary);

      const current = await stack.client.get('/policies/privacy?lang=en');
      expect(current.body).toMatchObject({ version: '2027-02-01', content: '# Policy 2027-02-01\n\nApples and cherries.\n' });
      const versions = (await stack.client.get('/policies/privacy/versions')).body as { version: string }[];
      expect(versions.map((v) => v.version).slice(0, 2)).toEqual(['2027-02-01', SEED_VERSION]);
      expect((await stack.client.get(`/policies/privacy/versions/${SEED_VERSION}?lang=en`)).body).toMatchObject({ content: seedText('en') });

      const event = await waitForEvent(stack.consentEvents, (e) => e.type === 'PolicyPublished' && (e.payload as { version: string }).version === '2027-02-01', 'PolicyPublished');
      expect(event.subjectId).toBe('policy:privacy');
      expect(event.payload).toEqual(published.body);

      await waitFor(() => stack.currentPolicyVersion(), (v) => v === '2027-02-01', { what: 'identity to learn the new version' });
      const person = newPerson('after-publish');
      const withOld = await stack.client.post('/accounts', { ...person, acceptedPolicyVersion: old });
      expect(withOld.status).toBe(422);
      expect(withOld.body).toMatchObject({ errors: [{ field: 'acceptedPolicyVersion' }] });
      expect((await stack.client.post('/accounts', { ...person, acceptedPolicyVersion: '2027-02-01' })).status).toBe(202);
      // consent records that sign-up against the new version's text (and is then quiet again).
      const registered = await waitForEvent(stack.events, (e) => e.type === 'AccountRegistered' && (e.payload as { email: string }).email === person.email, 'AccountRegistered');
      const [record] = await waitForSignupRecord(stack, registered.subjectId);
      expect(record).toMatchObject({ method: 'signup', granted: false, policy_version: '2027-02-01', policy_sha256: summary.sha256.en });
    });

    it('refuses an existing version with 409 and changes nothing', async () => {
      const before = await consentSnapshot(stack);
      for (const version of [SEED_VERSION, '2027-02-01']) {
        const again = await stack.client.post('/admin/policies/privacy', body(version), { session: staff });
        expect([version, again.status]).toEqual([version, 409]);
      }
      expect(await consentSnapshot(stack)).toEqual(before);
      expect((await stack.client.get(`/policies/privacy/versions/${SEED_VERSION}?lang=lv`)).body).toMatchObject({ content: seedText('lv') });
    });

    it('keeps published documents immutable in the database itself', async () => {
      const { withDatabase } = await import('@sargs/testing');
      const db = stack.databases.consent?.url as string;
      await withDatabase(db, async (pg) => {
        await expect(pg.query(`UPDATE policy_text SET content = 'changed' WHERE version = $1`, [SEED_VERSION])).rejects.toThrow(/insert-only/);
        await expect(pg.query(`DELETE FROM policy_version WHERE version = $1`, [SEED_VERSION])).rejects.toThrow(/insert-only/);
      });
    });
  });

  it('documents every consent route in the OpenAPI document', async () => {
    const doc = (await stack.roots[0].get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    for (const [path, method] of [
      ['/api/v1/policies/privacy', 'get'],
      ['/api/v1/policies/privacy/versions', 'get'],
      ['/api/v1/policies/privacy/versions/{version}', 'get'],
      ['/api/v1/admin/policies/privacy', 'post'],
      ['/api/v1/me/consents', 'get'],
      ['/api/v1/me/consents/{purpose}', 'put'],
      ['/api/v1/unsubscribe', 'post'],
      ['/api/v1/unsubscribe', 'get'],
    ]) {
      expect([path, method, doc.paths[path]?.[method] !== undefined]).toEqual([path, method, true]);
    }
  });
});
