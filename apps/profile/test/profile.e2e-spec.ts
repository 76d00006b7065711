import fc from 'fast-check';
import type { EventEnvelope } from '@sargs/contracts';
import { hostileBody, hostilePayload, startPlatformStack, tableDigests, waitFor, withDatabase, type ApiResponse, type PlatformStack } from '@sargs/testing';
import { byAccount, cookieNames, newPerson, signedIn, waitForEvent } from './profile-e2e-kit';

const LANG = (language: string) => `lang=${language}; Path=/; Secure; SameSite=Lax; Max-Age=31536000`;

/**
 * Identity's accounts (all but the name and language copies, which follow earlier, accepted
 * changes asynchronously), tokens and outbox. Sessions are left out: a lookup may touch last_seen_at.
 */
const IDENTITY_SNAPSHOT = `SELECT
  (SELECT md5(coalesce(string_agg((t.id, t.email, t.password_hash, t.roles, t.status, t.email_verified_at, t.password_changed_at)::text, ',' ORDER BY t.id), '')) FROM account t) AS account,
  (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM account_token t) AS token,
  (SELECT count(*) FROM outbox_message) AS outbox`;

describe('profile and preferences through the gateway (docs/api.md)', () => {
  let stack: PlatformStack;
  /** Every answer of this file: none may set a cookie other than the two of R8. */
  const answers: ApiResponse[] = [];

  beforeAll(async () => {
    stack = await startPlatformStack({
      env: {
        gateway: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000' },
        identity: { MAILS_PER_ADDRESS_PER_HOUR: '100000' },
      },
    });
  });
  afterAll(() => stack?.stop());

  const db = (service: 'identity' | 'profile') => {
    const found = stack.databases[service];
    if (!found) throw new Error(`${service} database missing`);
    return found.url;
  };
  const snapshot = async () => ({
    profile: await tableDigests(db('profile'), { profile: 't.account_id' }),
    identity: await withDatabase(db('identity'), async (pg) => (await pg.query(IDENTITY_SNAPSHOT)).rows[0] as Record<string, string>),
  });
  const identityCopy = (accountId: string) =>
    withDatabase(db('identity'), async (pg) => (await pg.query('SELECT name, language FROM account WHERE id = $1', [accountId])).rows[0] as { name: string; language: string });

  const seen = (answer: ApiResponse) => {
    answers.push(answer);
    return answer;
  };
  const patch = async (session: string, body: unknown) => seen(await stack.client.patch('/me/profile', body, { session }));
  const setLanguage = async (body: unknown, options: { session?: string; origin?: string | null; cookie?: string } = {}) =>
    seen(
      await stack.client.put('/preferences/language', body, {
        session: options.session,
        origin: options.origin,
        headers: options.cookie ? { cookie: options.cookie } : undefined,
      }),
    );
  const profileChanges = (accountId: string): EventEnvelope[] => stack.events.filter((e) => e.type === 'ProfileChanged' && e.subjectId === accountId);

  describe('PATCH /me/profile', () => {
    it('keeps every name exactly as the person writes it, and tells identity', async () => {
      const person = newPerson('names');
      const { accountId, session } = await signedIn(stack, person);
      const names = ['Jānis Bērziņš', "O'Brien-Ščedrins", '王秀英', 'Zoë 🦊 Lapsa', 'Ņina Žūriņa-Ķēniņa', 'x'.repeat(200)];
      for (const name of names) {
        const answer = await patch(session, { name });
        expect([name, answer.status]).toEqual([name, 200]);
        expect(answer.body).toEqual({ name, email: person.email, language: 'en' });
        expect((await stack.client.get('/me/profile', { session })).body).toEqual({ name, email: person.email, language: 'en' });
        expect(((await stack.client.get('/me', { session })).body as { name: string }).name).toBe(name);
      }
      // Trimmed and composed (NFC): a decomposed "ā" is stored as the one character.
      const decomposed = await patch(session, { name: '  Ja\u0304nis  ' });
      expect((decomposed.body as { name: string }).name).toBe('Jānis');

      const last = await waitForEvent(stack, 'ProfileChanged', (e) => byAccount(accountId)(e) && (e.payload as { name: string }).name === 'Jānis');
      expect(last.payload).toEqual({ accountId, name: 'Jānis', language: 'en', changedAt: expect.any(String) });
      expect(profileChanges(accountId).map((e) => (e.payload as { name: string }).name)).toEqual([...names, 'Jānis']);
      // Identity's copy (for its password policy) follows.
      await waitFor(() => identityCopy(accountId), (row) => row.name === 'Jānis', { timeoutMs: 30_000, what: "identity's copy of the name" });
    });

    it('refuses control characters, over-long and empty names, unknown fields and an empty body with 422, writing nothing', async () => {
      const { accountId, session } = await signedIn(stack, newPerson('refused'));
      const before = await snapshot();
      const cases: [unknown, string][] = [
        [{ name: 'Anna\u0000' }, 'name'],
        [{ name: 'An\nna' }, 'name'],
        [{ name: 'Anna\u202f\u0085' }, 'name'],
        [{ name: 'x'.repeat(201) }, 'name'],
        [{ name: '   ' }, 'name'],
        [{ name: 42 }, 'name'],
        [{ language: 'de' }, 'language'],
        [{ name: 'Anna', email: 'other@example.test' }, 'email'],
        [{}, 'body'],
      ];
      for (const [body, field] of cases) {
        const answer = await patch(session, body);
        expect([body, answer.status]).toEqual([body, 422]);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect((answer.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
      }
      expect((await patch(session, undefined)).status).toBe(422);
      expect(await snapshot()).toEqual(before);
      expect(profileChanges(accountId)).toEqual([]);
    });

    it("changes the language, shows it in GET /me and identity's copy, and publishes nothing for a change to the same values", async () => {
      const person = newPerson('lang');
      const { accountId, session } = await signedIn(stack, person);
      const answer = await patch(session, { language: 'lv' });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ name: person.name, email: person.email, language: 'lv' });
      expect(((await stack.client.get('/me', { session })).body as { language: string }).language).toBe('lv');
      const changed = await waitForEvent(stack, 'ProfileChanged', byAccount(accountId));
      expect(changed.payload).toEqual({ accountId, name: person.name, language: 'lv', changedAt: expect.any(String) });
      await waitFor(() => identityCopy(accountId), (row) => row.language === 'lv', { timeoutMs: 30_000, what: "identity's copy of the language" });

      const same = await patch(session, { name: person.name, language: 'lv' });
      expect(same.status).toBe(200);
      // A later, real change arrives after anything the no-op could have published (same key, same order).
      await patch(session, { language: 'en' });
      await waitForEvent(stack, 'ProfileChanged', (e) => byAccount(accountId)(e) && (e.payload as { language: string }).language === 'en');
      expect(profileChanges(accountId).map((e) => (e.payload as { language: string }).language)).toEqual(['lv', 'en']);
    });

    it("never shows or changes another person's profile", async () => {
      const anna = newPerson('anna');
      const bob = newPerson('bob');
      const a = await signedIn(stack, anna);
      const b = await signedIn(stack, { ...bob, name: 'Bob Ozols' });
      expect((await patch(a.session, { name: 'Anna Kalniņa' })).status).toBe(200);
      expect((await stack.client.get('/me/profile', { session: b.session })).body).toEqual({ name: 'Bob Ozols', email: bob.email, language: 'en' });
      expect((await stack.client.get('/me/profile', { session: a.session })).body).toEqual({ name: 'Anna Kalniņa', email: anna.email, language: 'en' });
      // There is no way to name another person's profile: no id in the path, and no such route.
      expect((await stack.client.get(`/me/profile/${b.accountId}`, { session: a.session })).status).toBe(404);
      expect((await stack.client.patch('/me/profile', { accountId: b.accountId, name: 'X' }, { session: a.session })).status).toBe(422);
      // Without a session: 401; with a session but a foreign Origin: 403.
      expect((await stack.client.get('/me/profile')).status).toBe(401);
      expect((await stack.client.patch('/me/profile', { name: 'X' }, { session: a.session, origin: 'https://evil.example' })).status).toBe(403);
      expect((await stack.client.get('/me/profile', { session: b.session })).body).toMatchObject({ name: 'Bob Ozols' });
    });
  });

  describe('PUT /preferences/language', () => {
    it('sets only the lang cookie without a session, with the exact attributes', async () => {
      const before = await snapshot();
      for (const language of ['lv', 'en']) {
        const answer = await setLanguage({ language }, { origin: null });
        expect(answer.status).toBe(204);
        expect(answer.text).toBe('');
        expect(answer.cookies).toEqual([LANG(language)]);
      }
      expect((await setLanguage({ language: 'lv' })).cookies).toEqual([LANG('lv')]);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses anything but lv and en with 422 and sets no cookie', async () => {
      for (const body of [{ language: 'de' }, { language: 'LV' }, { language: null }, {}, { language: 'lv', name: 'x' }, ['lv']]) {
        const answer = await setLanguage(body);
        expect([body, answer.status]).toEqual([body, 422]);
        expect(answer.cookies).toEqual([]);
      }
      const de = await setLanguage({ language: 'de' });
      expect(de.body).toMatchObject({ status: 422, errors: [{ field: 'language' }] });
    });

    it("with a session changes the account's language as well, and needs the public Origin", async () => {
      const person = newPerson('pref');
      const { accountId, session } = await signedIn(stack, person);
      const noOrigin = await setLanguage({ language: 'lv' }, { session, origin: null });
      expect(noOrigin.status).toBe(403);
      expect(noOrigin.cookies).toEqual([]);

      const answer = await setLanguage({ language: 'lv' }, { session });
      expect(answer.status).toBe(204);
      expect(answer.cookies).toEqual([LANG('lv')]);
      expect(((await stack.client.get('/me', { session })).body as { language: string }).language).toBe('lv');
      expect((await stack.client.get('/me/profile', { session })).body).toEqual({ name: person.name, email: person.email, language: 'lv' });
      const changed = await waitForEvent(stack, 'ProfileChanged', byAccount(accountId));
      expect(changed.payload).toMatchObject({ accountId, language: 'lv' });
      await waitFor(() => identityCopy(accountId), (row) => row.language === 'lv', { timeoutMs: 30_000, what: "identity's copy of the language" });

      // A session that has ended counts as none: the cookie is set, the dead session cookie cleared.
      expect((await stack.client.delete('/sessions/current', { session })).status).toBe(204);
      const ended = await setLanguage({ language: 'en' }, { session });
      expect(ended.status).toBe(204);
      expect(ended.cookies).toEqual([LANG('en'), '__Host-sid=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0']);
    });

    it('never sets a cookie other than __Host-sid and lang (R8)', () => {
      expect(answers.length).toBeGreaterThan(10);
      const names = new Set(answers.flatMap(cookieNames));
      expect([...names].filter((n) => n !== '__Host-sid' && n !== 'lang')).toEqual([]);
    });
  });

  describe('under hostile bodies (property-based)', () => {
    const bodyFor = (fields: string[]) => hostileBody(fields, ['lv', 'en', 'LV', "x'; DROP TABLE profile;--"]);

    let session: string;
    beforeAll(async () => {
      ({ session } = await signedIn(stack, newPerson('hostile')));
    });

    it.each([
      { method: 'PATCH', path: '/me/profile', fields: ['name', 'language'], withSession: true },
      { method: 'PUT', path: '/preferences/language', fields: ['language'], withSession: true },
      { method: 'PUT', path: '/preferences/language', fields: ['language'], withSession: false },
    ])('$method $path (session: $withSession): never a 5xx, never a write on refusal', async ({ method, path, fields, withSession }) => {
      await fc.assert(
        fc.asyncProperty(bodyFor(fields), async (body) => {
          const before = await snapshot();
          const answer = seen(
            await stack.client.call(method, path, { body: hostilePayload(body), headers: { 'content-type': 'application/json' }, session: withSession ? session : undefined }),
          );
          expect(answer.status).toBeLessThan(500);
          if (answer.status >= 400) {
            expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
            expect(answer.body).toMatchObject({ status: answer.status, title: expect.any(String), detail: expect.any(String) });
            expect(answer.cookies).toEqual([]);
            expect(await snapshot()).toEqual(before);
          }
        }),
        { numRuns: 40 },
      );
    });
  });
});
