import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type { AdminAccountView, PrivacyRequestView } from '@sargs/contracts';
import { newPerson, openVisitor, signUp, waitFor, withDatabase, type BrowserVisitor, type PlatformStack } from '@sargs/testing';
import { commonMessages } from '../src/i18n/common.messages';
import { consolePeopleMessages } from '../src/i18n/console-people.messages';
import { expectAccessibleAndClean, logInInBrowser, STAFF, template, submit, text, type Lang, startWebStack, stopWebStack } from './web-e2e-kit';

const MODES: Array<{ javaScript: boolean; lang: Lang }> = [
  { javaScript: true, lang: 'lv' },
  { javaScript: false, lang: 'en' },
];

describe('staff console: privacy requests, accounts and roles, incidents and campaigns, in a real browser', () => {
  let stack: PlatformStack;
  let browser: Browser;
  let staff: string;
  let staffId: string;

  beforeAll(async () => {
    ({ stack, browser, staff } = await startWebStack({ services: ['identity', 'profile', 'consent', 'notifications', 'retention'] }));
    staffId = ((await stack.client.get('/me', { session: staff })).body as { id: string }).id;
    // Five services and the gateway: slow to start on a busy machine.
  }, 300_000);

  afterAll(() => stopWebStack({ stack, browser }));

  const api = async <T,>(path: string, session = staff) => {
    const answer = await stack.client.get(path, { session });
    expect([path, answer.status]).toEqual([path, 200]);
    return answer.body as T;
  };

  const databaseUrl = (service: 'retention' | 'notifications') => {
    const db = stack.databases[service];
    if (!db) throw new Error(`no ${service} database`);
    return db.url;
  };

  /** A person at a browser in the given language (the `lang` cookie wins over the account's), logged in. */
  async function visitorAt(javaScript: boolean, lang: Lang, who: { email: string; password: string } = STAFF): Promise<BrowserVisitor> {
    const visitor = await openVisitor(browser, stack.publicOrigin, { javaScript, locale: lang === 'lv' ? 'lv-LV' : 'en-GB' });
    await visitor.context.addCookies([{ name: 'lang', value: lang, url: stack.publicOrigin, secure: true, sameSite: 'Lax' }]);
    await logInInBrowser(visitor.page, who.email, who.password);
    return visitor;
  }

  async function open(visitor: BrowserVisitor, path: string, lang: Lang): Promise<void> {
    const answer = await visitor.page.goto(path);
    expect([path, answer?.status()]).toEqual([path, 200]);
    expect(await visitor.page.getAttribute('html', 'lang')).toBe(lang);
  }

  /** A form post the page itself does not offer (a control hidden from this person), as the browser would send it. */
  const postAs = (visitor: BrowserVisitor, path: string, form: Record<string, string>) =>
    visitor.context.request.post(`${stack.publicOrigin}${path}`, { form, headers: { origin: stack.publicOrigin }, maxRedirects: 0 });

  describe('who may see the console', () => {
    const paths = (ids: { account: string; request: string; incident: string; campaign: string }) => [
      '/admin',
      '/admin/accounts',
      `/admin/accounts/${ids.account}`,
      `/admin/privacy-requests/${ids.request}`,
      '/admin/incidents',
      `/admin/incidents/${ids.incident}`,
      '/admin/campaigns',
      `/admin/campaigns/${ids.campaign}`,
    ];

    it('sends a visitor without a session to log in (and back), and shows everyone without a staff role the 403 page, in both languages', async () => {
      const person = newPerson('not-staff');
      const { accountId, session } = await signUp(stack, person);
      const request = await stack.client.post('/privacy-requests', { type: 'question', message: 'Vai jūs glabājat manu adresi?' }, { session });
      const incident = await stack.client.post('/admin/incidents', { title: 'Pārbaude', message: { lv: 'Pārbaude.', en: 'A test.' }, audience: { accountIds: [accountId] } }, { session: staff });
      const campaign = await stack.client.post('/admin/campaigns', { subject: { lv: 'Ziņas', en: 'News' }, body: { lv: 'Jaunumi.', en: 'News.' } }, { session: staff });
      const ids = { account: accountId, request: (request.body as { id: string }).id, incident: (incident.body as { id: string }).id, campaign: (campaign.body as { id: string }).id };

      const anonymous = await openVisitor(browser, stack.publicOrigin, { javaScript: false });
      try {
        for (const path of paths(ids)) {
          await anonymous.page.goto(path);
          expect(anonymous.page.url()).toBe(`${stack.publicOrigin}/login?next=${encodeURIComponent(path)}`);
        }
      } finally {
        await anonymous.close();
      }

      for (const { javaScript, lang } of MODES) {
        const visitor = await visitorAt(javaScript, lang, person);
        try {
          for (const path of paths(ids)) {
            const answer = await visitor.page.goto(path);
            expect([path, answer?.status()]).toEqual([path, 403]);
            expect(await text(visitor.page, 'main p')).toBe(commonMessages[lang].forbiddenStaff);
          }
          await expectAccessibleAndClean(visitor);
          // Writes too: the 403 page, and nothing done.
          const posted = await postAs(visitor, `/admin/accounts/${accountId}/roles`, { roles: 'admin' });
          expect(posted.status()).toBe(403);
          expect(await posted.text()).toContain(commonMessages[lang].forbiddenStaff);
          expect((await api<AdminAccountView>(`/admin/accounts/${accountId}`)).roles).toEqual(['user']);
        } finally {
          await visitor.close();
        }
      }
    });
  });

  describe.each(MODES)('JavaScript $javaScript, language $lang', ({ javaScript, lang }) => {
    const m = consolePeopleMessages[lang];

    it('lists privacy requests with the overdue first, answers one and rejects another (refusals next to the field), and the person reads the answers', async () => {
      const person = newPerson(`requester-${lang}`);
      const { session } = await signUp(stack, person);
      const file = async (message: string) => ((await stack.client.post('/privacy-requests', { type: 'rectification', message }, { session })).body as { id: string }).id;
      const onTime = await file(`Mans uzvārds ir Bērziņa.\nLūdzu, izlabojiet. ${lang}`);
      const late = await file(`Kādus datus par mani glabājat? ${lang}`);
      const raced = await file(`Vēl viens jautājums. ${lang}`);
      // Past its due date (to the millisecond, as the service keeps times).
      await withDatabase(databaseUrl('retention'), (pg) => pg.query(`UPDATE privacy_request SET due_at = date_trunc('milliseconds', now()) - interval '3 days' WHERE id = $1`, [late]));

      const visitor = await visitorAt(javaScript, lang);
      const { page } = visitor;
      try {
        await open(visitor, '/admin', lang);
        expect(await text(page, 'h1')).toBe(m.requestsTitle);
        expect(await page.getAttribute('nav.section-nav a[href="/admin"]', 'aria-current')).toBe('page');
        // Overdue in words, not by colour alone, and ahead of every request still in time.
        const lateRow = page.locator(`tr[data-request-id="${late}"]`);
        expect(await lateRow.locator('.request-due').textContent()).toContain(m.overdue);
        expect(await page.locator(`tr[data-request-id="${onTime}"] .request-due`).textContent()).not.toContain(m.overdue);
        const overdueFlags = await page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.classList.contains('overdue')));
        expect(overdueFlags[0]).toBe(true);
        expect(overdueFlags.slice(overdueFlags.indexOf(false)).includes(true) && overdueFlags.includes(false)).toBe(false);
        expect(await page.locator(`tr[data-request-id="${onTime}"]`).textContent()).toContain('Mans uzvārds ir Bērziņa.');
        await expectAccessibleAndClean(visitor);

        // Answer the one in time: an empty answer is refused next to the field.
        expect(await submit(page, `tr[data-request-id="${onTime}"] a`)).toBe(200);
        expect(page.url()).toBe(`${stack.publicOrigin}/admin/privacy-requests/${onTime}`);
        expect(await text(page, '.request-message')).toBe(`Mans uzvārds ir Bērziņa.\nLūdzu, izlabojiet. ${lang}`);
        await expectAccessibleAndClean(visitor);
        expect(await submit(page, 'button[name=status][value=answered]')).toBe(422);
        expect(await text(page, '#answer-response-error')).toBe(lang === 'lv' ? 'Aizpildiet šo lauku' : 'Must not be empty');
        expect(await page.locator('.error-summary a[href="#answer-response"]').count()).toBe(1);
        await expectAccessibleAndClean(visitor);
        const response = `Izlabots: Bērziņa. ${randomBytes(3).toString('hex')}`;
        await page.fill('#answer-response', response);
        expect(await submit(page, 'button[name=status][value=answered]')).toBe(200);
        expect(page.url()).toBe(`${stack.publicOrigin}/admin?done=answered`);
        expect(await text(page, '[role=status]')).toBe(m.requestAnswered);
        expect(await page.locator(`tr[data-request-id="${onTime}"]`).count()).toBe(0);

        // Reject the overdue one.
        await open(visitor, `/admin/privacy-requests/${late}`, lang);
        expect(await text(page, '.request-due')).toContain(m.overdue);
        await page.fill('#answer-response', 'Mums vajag vairāk ziņu.');
        expect(await submit(page, 'button[name=status][value=rejected]')).toBe(200);
        expect(await text(page, '[role=status]')).toBe(m.requestRejected);

        // The person reads both in their own list.
        const mine = await api<PrivacyRequestView[]>('/me/privacy-requests', session);
        expect(mine.find((r) => r.id === onTime)).toMatchObject({ status: 'answered', response });
        expect(mine.find((r) => r.id === late)).toMatchObject({ status: 'rejected', response: 'Mums vajag vairāk ziņu.' });

        // Answered requests are listed newest first, with the answer on their page and no form.
        await page.selectOption('#filter-status', 'answered');
        expect(await submit(page, 'form.filters button[type=submit]')).toBe(200);
        expect(page.url()).toContain('status=answered');
        expect(await submit(page, `tr[data-request-id="${onTime}"] a`)).toBe(200);
        expect(await text(page, '.request-status')).toBe(m.requestStatus('answered'));
        expect(await text(page, '.request-response')).toBe(response);
        expect(await page.locator('#answer-response').count()).toBe(0);
        await expectAccessibleAndClean(visitor);

        // Someone else answered while this page was open: told so, shown as it is now.
        await open(visitor, `/admin/privacy-requests/${raced}`, lang);
        expect((await stack.client.patch(`/admin/privacy-requests/${raced}`, { status: 'answered', response: 'Jau atbildēts.' }, { session: staff })).status).toBe(200);
        await page.fill('#answer-response', 'Mana atbilde.');
        expect(await submit(page, 'button[name=status][value=answered]')).toBe(409);
        expect(await text(page, '[role=alert]')).toBe(m.alreadyClosed);
        expect(await text(page, '.request-response')).toBe('Jau atbildēts.');
        await expectAccessibleAndClean(visitor);
      } finally {
        await visitor.close();
      }
    });

    it('finds an account by address without putting it in a URL, changes its roles, refuses to take the last admin, and a dpo gets 403 for roles', async () => {
      const person = newPerson(`dpo-${lang}`);
      const { accountId } = await signUp(stack, person);
      const visitor = await visitorAt(javaScript, lang);
      const { page } = visitor;
      const urls: string[] = [];
      page.on('request', (request) => urls.push(request.url()));
      try {
        await open(visitor, '/admin/accounts', lang);
        await expectAccessibleAndClean(visitor);
        // Not an address: refused next to the field.
        await page.fill('#find-email', 'not-an-address');
        expect(await submit(page, 'form[action="/admin/accounts"] button[type=submit]')).toBe(422);
        expect(await text(page, '#find-email-error')).toBe(lang === 'lv' ? 'Ievadiet e-pasta adresi, piemēram, vards@example.lv' : 'Must be an e-mail address');
        await expectAccessibleAndClean(visitor);
        // Nobody has it: said so, the address kept in the field.
        const nobody = newPerson('nobody').email;
        await page.fill('#find-email', nobody);
        expect(await submit(page, 'form[action="/admin/accounts"] button[type=submit]')).toBe(200);
        expect(await text(page, '.no-account')).toBe(m.noAccount);
        expect(await page.inputValue('#find-email')).toBe(nobody);
        await expectAccessibleAndClean(visitor);

        await page.fill('#find-email', person.email.toUpperCase());
        expect(await submit(page, 'form[action="/admin/accounts"] button[type=submit]')).toBe(200);
        expect(page.url()).toBe(`${stack.publicOrigin}/admin/accounts/${accountId}`);
        const details = await text(page, 'dl.account-details');
        expect(details).toContain(person.email);
        expect(details).toContain(person.name);
        expect(await text(page, '.account-status')).toBe(m.accountStatus('active'));
        expect(await text(page, '.account-roles')).toBe(m.noRoles);
        await expectAccessibleAndClean(visitor);

        // Make them a dpo: visible here and through the API.
        await page.check('#roles-dpo');
        expect(await submit(page, `form[action="/admin/accounts/${accountId}/roles"] button[type=submit]`)).toBe(200);
        expect(page.url()).toBe(`${stack.publicOrigin}/admin/accounts/${accountId}?done=roles`);
        expect(await text(page, '[role=status]')).toBe(m.rolesSaved);
        expect(await text(page, '.account-roles')).toBe('dpo');
        expect(await page.isChecked('#roles-dpo')).toBe(true);
        expect((await api<AdminAccountView>(`/admin/accounts/${accountId}`)).roles).toEqual(['user', 'dpo']);

        // The only admin cannot lose the role: refused next to it, nothing changed.
        await open(visitor, `/admin/accounts?id=${staffId}`, lang);
        expect(page.url()).toBe(`${stack.publicOrigin}/admin/accounts/${staffId}`);
        await page.uncheck('#roles-admin');
        expect(await submit(page, `form[action="/admin/accounts/${staffId}/roles"] button[type=submit]`)).toBe(422);
        expect(await text(page, '#roles-admin-error')).toBe(m.lastAdmin);
        expect(await page.locator('.error-summary a[href="#roles-admin"]').count()).toBe(1);
        expect(await page.isChecked('#roles-admin')).toBe(false);
        await expectAccessibleAndClean(visitor);
        expect((await api<AdminAccountView>(`/admin/accounts/${staffId}`)).roles).toEqual(expect.arrayContaining(['admin', 'dpo']));

        // No address ever went into a URL the browser asked for.
        expect(urls.filter((url) => url.includes(encodeURIComponent(nobody)) || url.toLowerCase().includes(person.email.split('@')[0]))).toEqual([]);
      } finally {
        await visitor.close();
      }

      // The new dpo sees the console, but roles are for admins: no form, and the API's 403 for a post.
      const dpo = await visitorAt(javaScript, lang, person);
      try {
        await open(dpo, `/admin/accounts/${accountId}`, lang);
        expect(await text(dpo.page, '.roles-only-admin')).toBe(m.rolesOnlyAdmin);
        expect(await dpo.page.locator('#roles-admin').count()).toBe(0);
        await expectAccessibleAndClean(dpo);
        const posted = await postAs(dpo, `/admin/accounts/${accountId}/roles`, { roles: 'admin' });
        expect(posted.status()).toBe(403);
        expect(await posted.text()).toContain(commonMessages[lang].forbidden);
        expect((await api<AdminAccountView>(`/admin/accounts/${accountId}`)).roles).toEqual(['user', 'dpo']);
      } finally {
        await dpo.close();
      }
    });

    it('closes an account for a person once confirmed, and links its erasure case', async () => {
      const person = newPerson(`closed-${lang}`);
      const { accountId } = await signUp(stack, person);
      const visitor = await visitorAt(javaScript, lang);
      const { page } = visitor;
      try {
        await open(visitor, `/admin/accounts/${accountId}`, lang);
        expect(await submit(page, `form[action="/admin/accounts/${accountId}/closure"] button[type=submit]`)).toBe(422);
        expect(await text(page, '#close-confirm-error')).toBe(m.closeConfirmRequired);
        expect((await api<AdminAccountView>(`/admin/accounts/${accountId}`)).status).toBe('active');
        await expectAccessibleAndClean(visitor);

        await page.check('#close-confirm');
        expect(await submit(page, `form[action="/admin/accounts/${accountId}/closure"] button[type=submit]`)).toBe(200);
        const caseId = new URL(page.url()).searchParams.get('caseId');
        expect(caseId).toMatch(/^[0-9a-f-]{36}$/u);
        expect(await text(page, '[role=status]')).toContain(m.closed);
        expect(await page.getAttribute('[role=status] a', 'href')).toBe(`/admin/erasures/${caseId}`);
        // Closing, or already closed: with no hold the services may finish erasing before the redirect is rendered.
        expect([m.accountStatus('closing'), m.accountStatus('closed')]).toContain(await text(page, '.account-status'));
        expect(await text(page, 'dl.account-details')).not.toContain(person.email);
        expect(await page.locator(`form[action="/admin/accounts/${accountId}/closure"]`).count()).toBe(0);
        await expectAccessibleAndClean(visitor);
        // Retention takes the case in (404 until then).
        await waitFor(async () => (await stack.client.get(`/admin/erasures/${caseId}`, { session: staff })).status, (status) => status === 200, {
          timeoutMs: 30_000,
          what: 'the erasure case',
        });
      } finally {
        await visitor.close();
      }
    });

    it('declares an incident to a listed person (refusals next to their fields), whose mail arrives while the counters reach notified', async () => {
      const person = newPerson(`incident-${lang}`);
      const { accountId } = await signUp(stack, person, { language: lang });
      // Notifications must know the person (verified) before a listed incident can queue their mail.
      await waitFor(
        () => withDatabase(databaseUrl('notifications'), async (pg) => (await pg.query('SELECT email_verified FROM recipient WHERE account_id = $1', [accountId])).rows[0] as { email_verified: boolean } | undefined),
        (row) => row?.email_verified === true,
        { timeoutMs: 30_000, what: 'notifications to know the person' },
      );
      const title = `Noplūde ${randomBytes(3).toString('hex')}`;
      const visitor = await visitorAt(javaScript, lang);
      const { page } = visitor;
      try {
        await open(visitor, '/admin/incidents', lang);
        expect(await text(page, 'h1')).toBe(m.incidentsTitle);
        await expectAccessibleAndClean(visitor);

        // Everything missing, and a line that is not an id: each refused at its field.
        await page.selectOption('#declare-audience', 'listed');
        await page.fill('[id="declare-accountIds"]', `${accountId}\nnot-an-id`);
        expect(await submit(page, 'form[action="/admin/incidents"] button[type=submit]')).toBe(422);
        expect(await text(page, '#declare-accountIds-error')).toBe(m.accountIdsInvalid(2));
        expect(await page.inputValue('#declare-audience')).toBe('listed');
        await page.fill('[id="declare-accountIds"]', accountId);
        expect(await submit(page, 'form[action="/admin/incidents"] button[type=submit]')).toBe(422);
        const empty = lang === 'lv' ? 'Aizpildiet šo lauku' : 'Must not be empty';
        expect(await text(page, '#declare-title-error')).toBe(empty);
        expect(await text(page, '[id="declare-message.lv-error"]')).toBe(empty);
        expect(await text(page, '[id="declare-message.en-error"]')).toBe(empty);
        expect(await page.locator('.error-summary li').count()).toBe(3);
        await expectAccessibleAndClean(visitor);

        await page.fill('#declare-title', title);
        await page.fill('[id="declare-message.lv"]', 'Mēs atklājām noplūdi. Lūdzu, nomainiet paroli.');
        await page.fill('[id="declare-message.en"]', 'We found a leak. Please change your password.');
        expect(await submit(page, 'form[action="/admin/incidents"] button[type=submit]')).toBe(200);
        const id = /\/admin\/incidents\/([0-9a-f-]{36})\?done=declared$/u.exec(page.url())?.[1] as string;
        expect(id).toBeDefined();
        expect(await text(page, '[role=status]')).toBe(m.incidentDeclared);
        expect(await text(page, 'h1')).toBe(m.incidentPageTitle(title));
        expect(await page.getAttribute('[data-live-url]', 'data-live-url')).toBe(`/api/v1/admin/incidents/${id}`);
        await expectAccessibleAndClean(visitor);

        // The person gets the notice in their language.
        const mail = await stack.mail.waitForMail(person.email, template('security-incident'));
        expect(mail.text).toContain(lang === 'lv' ? 'Mēs atklājām noplūdi.' : 'We found a leak.');

        // The counters reach notified 1: by themselves with JavaScript (the page polls the API), by the refresh link without.
        await waitFor(
          async () => {
            if (!javaScript) await submit(page, `a[href="/admin/incidents/${id}"]`);
            return text(page, '.counter-notified');
          },
          (notified) => notified === '1',
          { timeoutMs: 30_000, intervalMs: 500, what: 'notified 1 on the page' },
        );
        if (javaScript) expect(page.url()).toContain('?done=declared');
        expect(await text(page, '.counter-pending')).toBe('0');
        expect(await text(page, '.counter-failed')).toBe('0');
        expect(visitor.cspViolations).toEqual([]);

        // In the list, with who declared it.
        await open(visitor, '/admin/incidents', lang);
        const row = page.locator(`tr[data-incident-id="${id}"]`);
        expect(await row.locator('th a').textContent()).toBe(title);
        expect(await row.locator('td a').getAttribute('href')).toBe(`/admin/accounts/${staffId}`);
        expect(await row.locator('.counter-notified').textContent()).toBe('1');
        await expectAccessibleAndClean(visitor);
      } finally {
        await visitor.close();
      }
    });

    it('sends a campaign (refusals next to their fields) and shows it with its counters', async () => {
      const subject = { lv: `Jaunumi ${randomBytes(3).toString('hex')}`, en: `News ${randomBytes(3).toString('hex')}` };
      const visitor = await visitorAt(javaScript, lang);
      const { page } = visitor;
      try {
        await open(visitor, '/admin/campaigns', lang);
        expect(await text(page, 'h1')).toBe(m.campaignsTitle);
        await expectAccessibleAndClean(visitor);

        await page.fill('[id="campaign-subject.lv"]', subject.lv);
        await page.fill('[id="campaign-body.lv"]', 'Mums ir jaunumi.');
        expect(await submit(page, 'form[action="/admin/campaigns"] button[type=submit]')).toBe(422);
        const empty = lang === 'lv' ? 'Aizpildiet šo lauku' : 'Must not be empty';
        expect(await text(page, '[id="campaign-subject.en-error"]')).toBe(empty);
        expect(await text(page, '[id="campaign-body.en-error"]')).toBe(empty);
        expect(await page.inputValue('[id="campaign-subject.lv"]')).toBe(subject.lv);
        expect(await page.locator('.error-summary li').count()).toBe(2);
        await expectAccessibleAndClean(visitor);

        await page.fill('[id="campaign-subject.en"]', subject.en);
        await page.fill('[id="campaign-body.en"]', 'We have news.');
        expect(await submit(page, 'form[action="/admin/campaigns"] button[type=submit]')).toBe(200);
        const id = /\/admin\/campaigns\/([0-9a-f-]{36})\?done=sent$/u.exec(page.url())?.[1] as string;
        expect(id).toBeDefined();
        expect(await text(page, '[role=status]')).toBe(m.campaignSent);
        expect(await text(page, 'h1')).toBe(m.campaignPageTitle(subject[lang]));
        expect(await page.getAttribute('[data-live-url]', 'data-live-url')).toBe(`/api/v1/admin/campaigns/${id}`);
        expect(await text(page, '.counter-failed')).toBe('0');
        await expectAccessibleAndClean(visitor);

        await open(visitor, '/admin/campaigns', lang);
        expect(await page.locator(`tr[data-campaign-id="${id}"] th a`).textContent()).toBe(subject[lang]);
        await expectAccessibleAndClean(visitor);
      } finally {
        await visitor.close();
      }
    });
  });

  it('pages through a long list of requests with a next page link, each request once', async () => {
    const { session } = await signUp(stack, newPerson('many-requests'));
    for (let n = 0; n < 51; n++) {
      expect((await stack.client.post('/privacy-requests', { type: 'question', message: `Jautājums ${n}` }, { session })).status).toBe(201);
    }
    const open = await api<Array<{ id: string }>>('/admin/privacy-requests?status=open&order=due&limit=200');
    expect(open.length).toBeGreaterThan(50);
    const visitor = await visitorAt(false, 'en');
    try {
      await visitor.page.goto('/admin');
      const seen = await visitor.page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-request-id')));
      expect(seen).toHaveLength(50);
      expect(await submit(visitor.page, 'a[rel=next]')).toBe(200);
      expect(visitor.page.url()).toMatch(/\/admin\?cursor=/u);
      seen.push(...(await visitor.page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-request-id')))));
      expect(seen).toEqual(open.map((r) => r.id).slice(0, seen.length));
      expect(new Set(seen).size).toBe(seen.length);
      await expectAccessibleAndClean(visitor);
    } finally {
      await visitor.close();
    }
  });
});
