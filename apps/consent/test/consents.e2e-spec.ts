import { createHash } from 'node:crypto';
import { UnsubscribeTokens } from '@sargs/platform/secrets';
import { startPlatformStack, waitFor, type PlatformStack } from '@sargs/testing';
import { consentSnapshot, ledgerOf, newPerson, SEED_VERSION, seedText, signUp, waitForEvent, waitForSignupRecord } from './consent-e2e-kit';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const ONE_CLICK = 'List-Unsubscribe=One-Click';

type Consents = {
  purposes: { purpose: string; granted: boolean; policyVersion: string | null; updatedAt: string | null }[];
  history: { purpose: string; granted: boolean; method: string; policyVersion: string; policySha256: string; at: string }[];
};

describe('consent ledger through the gateway (docs/api.md "Policy and consent", R9, R18)', () => {
  let stack: PlatformStack;

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'consent'],
      env: { gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000' } },
    });
  });
  afterAll(() => stack?.stop());

  const consentsOf = async (session: string): Promise<Consents> => {
    const answer = await stack.client.get('/me/consents', { session });
    expect(answer.status).toBe(200);
    return answer.body as Consents;
  };
  const changedEvents = (accountId: string) => stack.consentEvents.filter((e) => e.type === 'ConsentChanged' && e.subjectId === accountId);

  describe('at sign-up', () => {
    it('records a ticked marketing box as granted, with the version and the SHA-256 of the text in my language', async () => {
      const { accountId, session } = await signUp(stack, newPerson('ticked'), { language: 'lv', marketingEmails: true });
      await waitForSignupRecord(stack, accountId);
      const mine = await consentsOf(session);
      expect(mine).toEqual({
        purposes: [{ purpose: 'marketing-email', granted: true, policyVersion: SEED_VERSION, updatedAt: expect.any(String) }],
        history: [{ purpose: 'marketing-email', granted: true, method: 'signup', policyVersion: SEED_VERSION, policySha256: sha256(seedText('lv')), at: expect.any(String) }],
      });
      const event = await waitForEvent(stack.consentEvents, (e) => e.type === 'ConsentChanged' && e.subjectId === accountId, 'ConsentChanged');
      expect(event.payload).toEqual({
        accountId,
        purpose: 'marketing-email',
        granted: true,
        method: 'signup',
        policyVersion: SEED_VERSION,
        policySha256: sha256(seedText('lv')),
        sequence: 1,
        at: mine.history[0].at,
      });
      // The acceptance of the policy is kept too, but it is not a consent purpose.
      const { withDatabase } = await import('@sargs/testing');
      const acceptance = await withDatabase(stack.databases.consent?.url as string, (pg) =>
        pg.query('SELECT policy_version, language, policy_sha256 FROM policy_acceptance WHERE account_id = $1', [accountId]),
      );
      expect(acceptance.rows).toEqual([{ policy_version: SEED_VERSION, language: 'lv', policy_sha256: sha256(seedText('lv')) }]);
    });

    it('records marketing as not granted unless the box was ticked', async () => {
      const { accountId, session } = await signUp(stack, newPerson('unticked'));
      await waitForSignupRecord(stack, accountId);
      const mine = await consentsOf(session);
      expect(mine.purposes).toEqual([{ purpose: 'marketing-email', granted: false, policyVersion: SEED_VERSION, updatedAt: expect.any(String) }]);
      expect(mine.history).toEqual([expect.objectContaining({ granted: false, method: 'signup', policySha256: sha256(seedText('en')) })]);
    });
  });

  describe('on the account page', () => {
    it('grants and withdraws, newest first, each change a ConsentChanged; the same state again records nothing', async () => {
      const { accountId, session } = await signUp(stack, newPerson('page'));
      await waitForSignupRecord(stack, accountId);
      const granted = await stack.client.put('/me/consents/marketing-email', { granted: true }, { session });
      expect(granted.status).toBe(200);
      expect(granted.body).toEqual({ purpose: 'marketing-email', granted: true, policyVersion: SEED_VERSION, updatedAt: expect.any(String) });
      const twice = await stack.client.put('/me/consents/marketing-email', { granted: true }, { session });
      expect(twice.body).toEqual(granted.body);
      const withdrawn = await stack.client.put('/me/consents/marketing-email', { granted: false }, { session });
      expect(withdrawn.body).toMatchObject({ granted: false });

      const mine = await consentsOf(session);
      expect(mine.history.map((h) => [h.granted, h.method])).toEqual([
        [false, 'account-page'],
        [true, 'account-page'],
        [false, 'signup'],
      ]);
      expect(mine.purposes[0]).toMatchObject({ granted: false, updatedAt: mine.history[0].at });
      const events = await waitFor(async () => changedEvents(accountId), (e) => e.length === 3, { what: 'three ConsentChanged' });
      expect(events.map((e) => (e.payload as { sequence: number }).sequence).sort()).toEqual([1, 2, 3]);
      expect(events.find((e) => (e.payload as { sequence: number }).sequence === 2)?.payload).toMatchObject({ granted: true, method: 'account-page' });
    });

    it('answers 404 for an unknown purpose, 422 for a bad body, 401 without a session, 403 from another origin; nothing written', async () => {
      const { accountId, session } = await signUp(stack, newPerson('refusals'));
      await waitForSignupRecord(stack, accountId);
      const before = await consentSnapshot(stack);
      for (const purpose of ['newsletter', 'policy-acceptance', 'MARKETING-EMAIL']) {
        expect([purpose, (await stack.client.put(`/me/consents/${purpose}`, { granted: true }, { session })).status]).toEqual([purpose, 404]);
      }
      for (const body of [{}, { granted: 'yes' }, { granted: 1 }, { granted: true, extra: 1 }, [true]]) {
        const answer = await stack.client.put('/me/consents/marketing-email', body, { session });
        expect([body, answer.status]).toEqual([body, 422]);
        expect(answer.body).toMatchObject({ errors: expect.any(Array) });
      }
      expect((await stack.client.put('/me/consents/marketing-email', { granted: true })).status).toBe(401);
      expect((await stack.client.get('/me/consents')).status).toBe(401);
      expect((await stack.client.put('/me/consents/marketing-email', { granted: true }, { session, origin: 'https://evil.example' })).status).toBe(403);
      expect((await stack.client.put('/me/consents/marketing-email', { granted: true }, { session, origin: null })).status).toBe(403);
      expect(await consentSnapshot(stack)).toEqual(before);
    });

    it("shows only my own ledger, never another person's", async () => {
      const anna = await signUp(stack, newPerson('anna'), { marketingEmails: true });
      const bob = await signUp(stack, newPerson('bob'));
      await waitForSignupRecord(stack, anna.accountId);
      await waitForSignupRecord(stack, bob.accountId);
      expect((await consentsOf(bob.session)).purposes[0].granted).toBe(false);
      expect((await consentsOf(anna.session)).purposes[0].granted).toBe(true);
      await stack.client.put('/me/consents/marketing-email', { granted: false }, { session: bob.session });
      expect((await consentsOf(anna.session)).history).toHaveLength(1);
      expect(await ledgerOf(stack, anna.accountId)).toHaveLength(1);
    });

    it('serialises 20 concurrent changes: the state is that of the last record in ledger order', async () => {
      const { accountId, session } = await signUp(stack, newPerson('race'));
      await waitForSignupRecord(stack, accountId);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => stack.client.put('/me/consents/marketing-email', { granted: i % 2 === 0 }, { session })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      const ledger = await ledgerOf(stack, accountId);
      expect(ledger.map((r) => r.sequence)).toEqual(ledger.map((_, i) => i + 1));
      // Only changes are recorded: neighbours always differ.
      for (let i = 1; i < ledger.length; i++) expect(ledger[i].granted).not.toBe(ledger[i - 1].granted);
      const mine = await consentsOf(session);
      expect(mine.purposes[0].granted).toBe(ledger.at(-1)?.granted);
      expect(mine.history[0].granted).toBe(ledger.at(-1)?.granted);
      expect(mine.history).toHaveLength(ledger.length);
      const events = await waitFor(async () => changedEvents(accountId), (e) => e.length === ledger.length, { what: 'one ConsentChanged per record' });
      expect(events.map((e) => (e.payload as { sequence: number }).sequence)).toEqual(ledger.map((r) => r.sequence));
    });
  });

  describe('one-click unsubscribe (RFC 8058)', () => {
    const subscribed = async (tag: string, language: 'lv' | 'en' = 'en') => {
      const who = await signUp(stack, newPerson(tag), { marketingEmails: true, language });
      await waitForSignupRecord(stack, who.accountId);
      return { ...who, token: stack.unsubscribeTokens.sign({ accountId: who.accountId, purpose: 'marketing-email' }) };
    };

    it('GET shows a page whose button posts the one-click form, and changes nothing', async () => {
      const { token } = await subscribed('page-lv', 'lv');
      const before = await consentSnapshot(stack);
      const page = await stack.client.get(`/unsubscribe?token=${token}`, { headers: { accept: 'text/html', 'accept-language': 'lv' } });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('<html lang="lv">');
      expect(page.text).toContain(`<form method="post" action="unsubscribe?token=${token}">`);
      expect(page.text).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
      expect(page.headers['content-security-policy']).toBe("default-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'");
      expect(page.headers['cache-control']).toBe('no-store');
      expect((await stack.client.get(`/unsubscribe?token=${token}`)).text).toContain('<html lang="en">');
      expect(await consentSnapshot(stack)).toEqual(before);
    });

    it('POST withdraws without a session or Origin, records how, and is idempotent', async () => {
      const { accountId, session, token } = await subscribed('one-click', 'lv');
      const first = await stack.client.post(`/unsubscribe?token=${token}`, ONE_CLICK, { headers: FORM, origin: null });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ purpose: 'marketing-email', granted: false, changed: true });
      const mine = await consentsOf(session);
      expect(mine.purposes[0]).toMatchObject({ granted: false });
      expect(mine.history[0]).toMatchObject({ granted: false, method: 'unsubscribe-link', policyVersion: SEED_VERSION, policySha256: sha256(seedText('lv')) });
      const event = await waitForEvent(
        stack.consentEvents,
        (e) => e.type === 'ConsentChanged' && e.subjectId === accountId && (e.payload as { method: string }).method === 'unsubscribe-link',
        'ConsentChanged by the link',
      );
      expect(event.payload).toMatchObject({ granted: false, sequence: 2 });

      const before = await consentSnapshot(stack);
      const again = await stack.client.post(`/unsubscribe?token=${token}`, ONE_CLICK, { headers: FORM, origin: stack.publicOrigin });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ purpose: 'marketing-email', granted: false, changed: false });
      expect(await consentSnapshot(stack)).toEqual(before);
      expect(await ledgerOf(stack, accountId)).toHaveLength(2);
    });

    it('takes the one-click form as multipart/form-data too (RFC 8058 says senders should), but no file in it', async () => {
      const { accountId, session, token } = await subscribed('multipart');
      const boundary = 'sargs-rfc8058-boundary';
      const part = (disposition: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n\r\n${value}\r\n`;
      const multipart = { 'content-type': `multipart/form-data; boundary=${boundary}` };

      const withFile = `${part('name="List-Unsubscribe"; filename="x.txt"', 'One-Click')}--${boundary}--\r\n`;
      expect((await stack.client.post(`/unsubscribe?token=${token}`, withFile, { headers: multipart, origin: null })).status).toBe(422);
      const wrong = `${part('name="List-Unsubscribe"', 'Yes')}--${boundary}--\r\n`;
      expect((await stack.client.post(`/unsubscribe?token=${token}`, wrong, { headers: multipart, origin: null })).status).toBe(422);
      expect((await consentsOf(session)).purposes[0]).toMatchObject({ granted: true });

      const oneClick = `${part('name="List-Unsubscribe"', 'One-Click')}--${boundary}--\r\n`;
      const answer = await stack.client.post(`/unsubscribe?token=${token}`, oneClick, { headers: multipart, origin: null });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ purpose: 'marketing-email', granted: false, changed: true });
      expect((await ledgerOf(stack, accountId)).at(-1)).toMatchObject({ granted: false, method: 'unsubscribe-link' });
    });

    it('answers the browser form with a page', async () => {
      const { token, accountId } = await subscribed('browser');
      const answer = await stack.client.post(`/unsubscribe?token=${token}`, ONE_CLICK, {
        headers: { ...FORM, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
        origin: stack.publicOrigin,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.text).toContain('You are unsubscribed');
      expect((await ledgerOf(stack, accountId)).at(-1)).toMatchObject({ granted: false, method: 'unsubscribe-link' });
    });

    it('refuses forged, altered, foreign-purpose and malformed tokens with 400, writing nothing', async () => {
      const { accountId, token } = await subscribed('forged');
      const [version, body, mac] = token.split('.');
      const foreignKey = new UnsubscribeTokens(Buffer.alloc(32, 7)).sign({ accountId, purpose: 'marketing-email' });
      const otherAccount = JSON.stringify({ a: '00000000-0000-4000-8000-000000000000', p: 'marketing-email' });
      const bad = [
        foreignKey,
        `${version}.${Buffer.from(otherAccount).toString('base64url')}.${mac}`,
        `${version}.${body}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`,
        stack.unsubscribeTokens.sign({ accountId, purpose: 'newsletter' as 'marketing-email' }),
        // An unknown version; and the format of links from before u2 with another account's claim.
        `u9.${body}.${mac}`,
        `u1.${Buffer.from(otherAccount).toString('base64url')}.${mac}`,
        'not-a-token',
        `${token}.extra`,
      ];
      const before = await consentSnapshot(stack);
      for (const t of bad) {
        const post = await stack.client.post(`/unsubscribe?token=${encodeURIComponent(t)}`, ONE_CLICK, { headers: FORM });
        expect([t, post.status]).toEqual([t, 400]);
        expect(post.headers['content-type']).toMatch(/^application\/problem\+json/);
        const page = await stack.client.get(`/unsubscribe?token=${encodeURIComponent(t)}`);
        expect([t, page.status]).toEqual([t, 400]);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        expect(page.text).not.toContain('<form');
      }
      expect(await consentSnapshot(stack)).toEqual(before);
      expect((await ledgerOf(stack, accountId)).at(-1)).toMatchObject({ granted: true });
    });

    it('wants exactly the one-click body and a token (422), a form (415), and no foreign Origin (403)', async () => {
      const { accountId, token } = await subscribed('body');
      const before = await consentSnapshot(stack);
      for (const body of ['List-Unsubscribe=Yes', 'List-Unsubscribe=One-Click&extra=1', 'List-Unsubscribe=One-Click&List-Unsubscribe=One-Click', 'x=1', '']) {
        const answer = await stack.client.post(`/unsubscribe?token=${token}`, body, { headers: FORM });
        expect([body, answer.status]).toEqual([body, 422]);
      }
      expect((await stack.client.post('/unsubscribe', ONE_CLICK, { headers: FORM })).status).toBe(422);
      expect((await stack.client.get('/unsubscribe')).status).toBe(422);
      expect((await stack.client.post(`/unsubscribe?token=${token}`, { 'List-Unsubscribe': 'One-Click' })).status).toBe(415);
      expect((await stack.client.post(`/unsubscribe?token=${token}`, ONE_CLICK, { headers: FORM, origin: 'https://evil.example' })).status).toBe(403);
      expect(await consentSnapshot(stack)).toEqual(before);
      expect((await ledgerOf(stack, accountId)).at(-1)).toMatchObject({ granted: true });
    });
  });
});
