import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { Authenticator, newPerson, openVisitor, registerVerified, signUp, usedSecrets, waitFor, type BrowserVisitor, type Person, type PlatformStack } from '@sargs/testing';
import { closeMessages, consentsMessages, exportsMessages, privacyRequestsMessages, securityMessages, sessionsMessages } from '../src/i18n/account-pages.messages';
import { authMessages } from '../src/i18n/auth.messages';
import { commonMessages } from '../src/i18n/common.messages';
import { expectAccessibleAndClean, expectOnlyTheTwoCookies, logInInBrowser, submit, text, type Lang, startWebStack, stopWebStack } from './web-e2e-kit';

/** Each flow runs twice: script on in English, script off in Latvian (so every page is checked both ways). */
const MODES: Array<{ javaScript: boolean; lang: Lang }> = [
  { javaScript: true, lang: 'en' },
  { javaScript: false, lang: 'lv' },
];

const PAGES: Array<{ path: string; title: (lang: Lang) => string }> = [
  { path: '/account/sessions', title: (lang) => sessionsMessages[lang].title },
  { path: '/account/security', title: (lang) => securityMessages[lang].title },
  { path: '/account/consents', title: (lang) => consentsMessages[lang].title },
  { path: '/account/exports', title: (lang) => exportsMessages[lang].title },
  { path: '/privacy-requests', title: (lang) => privacyRequestsMessages[lang].title },
  { path: '/account/close', title: (lang) => closeMessages[lang].title },
];

/** A password the policy takes, sharing nothing with the person's name or address. */
const STRONG = 'zaļš tilts pār upi 7 reizes';

/** The service's "is not correct" as the page shows it in each language. */
const NOT_CORRECT: Record<Lang, string> = { en: 'Is not correct', lv: 'Nav pareizi' };

describe('privacy centre: sessions, security, consents, exports, privacy requests and closure, in a real browser', () => {
  let stack: PlatformStack;
  let browser: Browser;
  let staff: string;

  beforeAll(async () => {
    ({ stack, browser, staff } = await startWebStack({ services: ['identity', 'profile', 'consent', 'notifications', 'retention'] }));
  });

  afterAll(() => stopWebStack({ stack, browser }));

  /** A browser for a person whose account speaks `lang` (so do its pages, as docs/api.md's rule says). */
  async function visitorFor(person: Person, javaScript: boolean, lang: Lang): Promise<BrowserVisitor> {
    const visitor = await openVisitor(browser, stack.publicOrigin, { javaScript, locale: lang === 'lv' ? 'lv-LV' : 'en-GB' });
    await logInInBrowser(visitor.page, person.email, person.password);
    return visitor;
  }

  /** Opens a page of this group: 200, in the language, its h1, and the section link marked current. */
  async function open(visitor: BrowserVisitor, path: string, lang: Lang, title: string): Promise<void> {
    const answer = await visitor.page.goto(path);
    expect([path, answer?.status()]).toEqual([path, 200]);
    expect(await visitor.page.getAttribute('html', 'lang')).toBe(lang);
    expect(await text(visitor.page, 'h1')).toBe(title);
    expect(await visitor.page.getAttribute(`nav.section-nav a[href="${path}"]`, 'aria-current')).toBe('page');
  }

  /** The browser is logged out: an account page sends it to log in. */
  async function expectLoggedOut(page: Page): Promise<void> {
    await page.goto('/account');
    expect(new URL(page.url()).pathname).toBe('/login');
  }

  describe.each(MODES)('JavaScript $javaScript, language $lang', ({ javaScript, lang }) => {
    const t = commonMessages[lang];

    it('sessions: this one is marked; ending the other browser logs it out; ending this one is logging out', async () => {
      const m = sessionsMessages[lang];
      const person = newPerson('sessions');
      await registerVerified(stack, person, { language: lang });
      const visitor = await visitorFor(person, javaScript, lang);
      const other = await openVisitor(browser, stack.publicOrigin, { locale: 'en-GB' });
      const { page } = visitor;
      try {
        await logInInBrowser(other.page, person.email, person.password);
        await open(visitor, '/account/sessions', lang, m.title);
        expect(await page.locator('tbody tr').count()).toBe(2);
        expect(await text(page, 'tr.current th')).toContain(m.thisSession);
        expect(await text(page, 'tr.current th')).toContain('Chrome');
        expect(await page.locator('tr:not(.current)', { hasText: m.thisSession }).count()).toBe(0);
        const mine = (await page.getAttribute('tr.current', 'data-session-id')) as string;
        await expectAccessibleAndClean(visitor);

        expect(await submit(page, `tr:not(.current) form[action$="/revoke"] button`)).toBe(200);
        expect(page.url()).toContain('done=revoked');
        expect(await text(page, '[role=status]')).toBe(m.revoked);
        expect(await page.locator('tbody tr').count()).toBe(1);
        expect(await text(page, 'main')).toContain(m.onlyHere);
        // The other browser's next page: logged out.
        await expectLoggedOut(other.page);

        // Ending one's own session by id (a stale form) is logging out, cookie and all.
        const ended = await page.request.post(`/account/sessions/${mine}/revoke`, { headers: { origin: stack.publicOrigin }, maxRedirects: 0 });
        expect(ended.status()).toBe(303);
        expect(ended.headers().location).toBe('/?done=logged-out');
        await expectLoggedOut(page);
        await expectOnlyTheTwoCookies(visitor);
      } finally {
        await other.close();
        await visitor.close();
      }
    });

    it('security: a wrong current password and a refused new one show at their fields; a change ends the other sessions', async () => {
      const m = securityMessages[lang];
      const person = newPerson('security');
      const { session: otherSession } = await signUp(stack, person, { language: lang });
      const visitor = await visitorFor(person, javaScript, lang);
      const { page } = visitor;
      try {
        await open(visitor, '/account/security', lang, m.title);
        const changedBefore = await text(page, '.password-changed-at');
        expect(changedBefore).toContain('UTC');
        expect(await text(page, '#second-factor-heading')).toBe(m.secondFactorHeading);
        expect(await text(page, 'section[aria-labelledby="second-factor-heading"]')).toContain(m.secondFactorState);
        await expectAccessibleAndClean(visitor);

        await page.fill('#currentPassword', 'not my password at all');
        await page.fill('#newPassword', STRONG);
        expect(await submit(page, 'form[action="/account/security/password"] button[type=submit]')).toBe(422);
        expect(await text(page, '#currentPassword-error')).toBe(NOT_CORRECT[lang]);
        expect(await page.getAttribute('#currentPassword', 'aria-invalid')).toBe('true');
        expect(await page.locator('.error-summary a[href="#currentPassword"]').count()).toBe(1);
        // Passwords never come back into the page.
        expect(await page.inputValue('#currentPassword')).toBe('');
        expect(await page.inputValue('#newPassword')).toBe('');
        await expectAccessibleAndClean(visitor);

        await page.fill('#currentPassword', person.password);
        await page.fill('#newPassword', 'short');
        expect(await submit(page, 'form[action="/account/security/password"] button[type=submit]')).toBe(422);
        expect(await text(page, '#newPassword-error')).toBe(lang === 'lv' ? 'Vismaz 12 rakstzīmes' : 'Must be at least 12 characters');
        expect(await page.locator('#currentPassword-error').count()).toBe(0);

        await page.fill('#currentPassword', person.password);
        await page.fill('#newPassword', person.password);
        expect(await submit(page, 'form[action="/account/security/password"] button[type=submit]')).toBe(422);
        expect(await text(page, '#newPassword-error')).toBe(m.mustDiffer);

        await page.fill('#currentPassword', person.password);
        await page.fill('#newPassword', STRONG);
        expect(await submit(page, 'form[action="/account/security/password"] button[type=submit]')).toBe(200);
        expect(page.url()).toContain('done=password');
        expect(await text(page, '[role=status]')).toBe(m.passwordChanged);
        // This browser stays in; the other session (an API client) is out; the new password logs in.
        expect(await page.locator('.error-summary').count()).toBe(0);
        expect((await stack.client.get('/me', { session: otherSession })).status).toBe(401);
        expect((await stack.client.post('/sessions', { email: person.email, password: STRONG })).status).toBe(200);
        expect((await stack.client.post('/sessions', { email: person.email, password: person.password })).status).toBe(401);
      } finally {
        await visitor.close();
      }
    });

    it('second factor: sets up an authenticator app from its QR page, shows the recovery codes once, asks for a code at the next login, and removes it', async () => {
      const m = securityMessages[lang];
      const auth = authMessages[lang];
      const person = newPerson('totp');
      await registerVerified(stack, person, { language: lang });
      const visitor = await visitorFor(person, javaScript, lang);
      const { page } = visitor;
      try {
        await open(visitor, '/account/security', lang, m.title);
        expect(await submit(page, 'form[action="/account/security/totp"] button[type=submit]')).toBe(200);
        expect(await text(page, 'h1')).toBe(m.enrolTitle);
        // The QR code is drawn on the server (no script, no image request), with an accessible name.
        expect(await page.getAttribute('.qr-code', 'aria-label')).toBe(m.qrLabel);
        expect(await page.locator('.qr-code svg path').count()).toBeGreaterThan(0);
        const key = (await text(page, '.totp-key')).replace(/\s/gu, '');
        usedSecrets.push(key);
        const app = Authenticator.of(key);
        await expectAccessibleAndClean(visitor);

        await page.fill('#code', app.staleCode());
        expect(await submit(page, 'form[action="/account/security/totp/confirm"] button[type=submit]')).toBe(422);
        expect(await text(page, '#code-error')).toBe(m.codeWrong);
        // The same key is shown again: the app already holds it.
        expect((await text(page, '.totp-key')).replace(/\s/gu, '')).toBe(key);

        await page.fill('#code', await app.code());
        expect(await submit(page, 'form[action="/account/security/totp/confirm"] button[type=submit]')).toBe(200);
        expect(await text(page, 'h1')).toBe(m.recoveryTitle);
        const codes = await page.locator('.recovery-codes code').allTextContents();
        expect(codes).toHaveLength(10);
        usedSecrets.push(...codes);
        await expectAccessibleAndClean(visitor);
        await Promise.all([page.waitForURL('**/account/security?done=totp-on'), page.click(`a[href="/account/security?done=totp-on"]`)]);
        expect(await text(page, '[role=status]')).toBe(m.totpOn);
        expect(await text(page, 'section[aria-labelledby="second-factor-heading"]')).toContain(m.secondFactorOn);

        // The next login asks for a code after the password; a wrong one shows at the field.
        expect(await submit(page, 'form[action="/logout"] button[type=submit]')).toBe(200);
        await page.goto('/login?next=/account/security');
        await page.fill('input[name=email]', person.email);
        await page.fill('input[name=password]', person.password);
        expect(await submit(page, 'form[action="/login"] button[type=submit]')).toBe(200);
        expect(await text(page, 'h1')).toBe(auth.codeTitle);
        await page.goto('/account');
        expect(new URL(page.url()).pathname).toBe('/login');
        await page.goto('/login?step=code&next=/account/security');
        await page.fill('#code', '000000');
        expect(await submit(page, 'form[action="/login"] button[type=submit]')).toBe(422);
        expect(await text(page, '#code-error')).toBe(auth.codeWrong);
        await expectAccessibleAndClean(visitor);
        await page.fill('#code', codes[0]);
        expect(await submit(page, 'form[action="/login"] button[type=submit]')).toBe(200);
        expect(new URL(page.url()).pathname).toBe('/account/security');

        // Removal: a wrong password shows at its field; the password and a code remove it.
        await page.fill('#password', 'nav mana parole 123');
        await page.fill('#code', await app.code());
        expect(await submit(page, 'form[action="/account/security/totp/remove"] button[type=submit]')).toBe(422);
        expect(await text(page, '#password-error')).toBe(NOT_CORRECT[lang]);
        await page.fill('#password', person.password);
        await page.fill('#code', codes[1]);
        expect(await submit(page, 'form[action="/account/security/totp/remove"] button[type=submit]')).toBe(200);
        expect(await text(page, '[role=status]')).toBe(m.totpOff);
        expect((await stack.client.post('/sessions', { email: person.email, password: person.password })).body).toMatchObject({ mfaRequired: false });
      } finally {
        await visitor.close();
      }
    });

    it('consents: granting and withdrawing each add a record with the policy version and SHA-256; a bad choice is refused', async () => {
      const m = consentsMessages[lang];
      const person = newPerson('consents');
      const { session } = await signUp(stack, person, { language: lang, marketingEmails: false });
      // consent records the sign-up choice from identity's event first.
      await waitFor(
        async () => ((await stack.client.get('/me/consents', { session })).body as { history: unknown[] }).history,
        (history) => history.length === 1,
        { what: 'consent to record the sign-up' },
      );
      const policy = (await stack.client.get(`/policies/privacy?lang=${lang}`)).body as { version: string; sha256: string };
      const visitor = await visitorFor(person, javaScript, lang);
      const { page } = visitor;
      const rows = () => page.locator('table.consent-history tbody tr');
      const cells = async (index: number) => (await rows().nth(index).locator('td').allTextContents()).map((c) => c.trim());
      try {
        await open(visitor, '/account/consents', lang, m.title);
        expect(await text(page, '.consent-state')).toContain(m.notReceiving);
        expect(await page.isChecked('#granted-false')).toBe(true);
        expect(await rows().count()).toBe(1);
        expect((await cells(0)).slice(1)).toEqual([m.purposeMarketing, m.recordWithdrawn, m.methodSignup, policy.version, policy.sha256]);
        await expectAccessibleAndClean(visitor);

        await page.check('#granted');
        expect(await submit(page, 'form[action="/account/consents"] button[type=submit]')).toBe(200);
        expect(page.url()).toContain('done=granted');
        expect(await text(page, '[role=status]')).toBe(m.granted);
        expect(await text(page, '.consent-state')).toContain(m.receiving);
        expect(await text(page, '.consent-state')).toContain(policy.version);
        expect(await rows().count()).toBe(2);
        const granted = await cells(0);
        expect(granted.slice(1)).toEqual([m.purposeMarketing, m.recordGranted, m.methodAccountPage, policy.version, policy.sha256]);
        expect(granted[0]).toContain('UTC');
        expect(policy.sha256).toMatch(/^[0-9a-f]{64}$/u);

        await page.check('#granted-false');
        expect(await submit(page, 'form[action="/account/consents"] button[type=submit]')).toBe(200);
        expect(await text(page, '[role=status]')).toBe(m.withdrawn);
        expect(await rows().count()).toBe(3);
        expect((await cells(0)).slice(2, 4)).toEqual([m.recordWithdrawn, m.methodAccountPage]);
        const api = (await stack.client.get('/me/consents', { session })).body as { purposes: Array<{ granted: boolean }>; history: unknown[] };
        expect(api.purposes[0].granted).toBe(false);
        expect(api.history).toHaveLength(3);

        // Anything but yes or no: the same page, 422, the message at the choice, nothing recorded.
        const refused = await page.request.post('/account/consents', { headers: { origin: stack.publicOrigin }, form: { granted: 'maybe' } });
        expect(refused.status()).toBe(422);
        expect(await refused.text()).toContain(`<p class="field-error-message" id="granted-error">${m.chooseOne}</p>`);
        expect(((await stack.client.get('/me/consents', { session })).body as { history: unknown[] }).history).toHaveLength(3);
      } finally {
        await visitor.close();
      }
    });

    it('exports: asks for a copy, sees it pending then ready after reloading, and downloads it as a JSON file', async () => {
      const m = exportsMessages[lang];
      const person = newPerson('exports');
      const { accountId } = await signUp(stack, person, { language: lang });
      const visitor = await visitorFor(person, javaScript, lang);
      const { page } = visitor;
      try {
        await open(visitor, '/account/exports', lang, m.title);
        expect(await text(page, 'section[aria-labelledby="exports-heading"]')).toContain(m.none);
        await expectAccessibleAndClean(visitor);

        expect(await submit(page, 'form[action="/account/exports"] button[type=submit]')).toBe(200);
        expect(page.url()).toContain('done=requested');
        expect(await text(page, '[role=status]')).toBe(m.requested);
        expect(await page.locator('table.exports tbody tr').count()).toBe(1);
        const id = (await page.getAttribute('table.exports tbody tr', 'data-export-id')) as string;
        if ((await page.getAttribute('table.exports tbody tr', 'data-status')) === 'pending') {
          expect(await text(page, 'table.exports tbody tr')).toContain(m.pending);
          expect(await page.locator('table.exports a.download').count()).toBe(0);
        }
        // Pending until every service has sent its part: reloading shows the new state.
        await waitFor(
          async () => {
            await page.reload();
            return page.getAttribute('table.exports tbody tr', 'data-status');
          },
          (status) => status === 'ready',
          { timeoutMs: 60_000, intervalMs: 500, what: 'the export to be ready on the page' },
        );
        expect(await text(page, 'table.exports tbody tr')).toContain(m.ready);
        await expectAccessibleAndClean(visitor);

        const [download] = await Promise.all([page.waitForEvent('download'), page.click('table.exports a.download')]);
        expect(download.suggestedFilename()).toBe(`sargs-export-${id}.json`);
        const document = JSON.parse(readFileSync(await download.path(), 'utf8')) as { exportId: string; subjectId: string; sections: Record<string, unknown> };
        expect(document).toMatchObject({ exportId: id, subjectId: accountId });
        expect(Object.keys(document.sections).sort()).toEqual(['consent', 'identity', 'notifications', 'profile', 'retention']);
        expect(JSON.stringify(document.sections)).toContain(person.email);
        // The page's answer and the API's are both attachments, never cached.
        for (const path of [`/account/exports/${id}/download`, `/api/v1/me/exports/${id}/download`]) {
          const direct = await page.request.get(path);
          expect([path, direct.status(), direct.headers()['content-disposition'], direct.headers()['cache-control']]).toEqual([
            path,
            200,
            `attachment; filename="sargs-export-${id}.json"`,
            'no-store',
          ]);
        }
        // A copy that is not (or no longer) mine: the not-found page.
        expect((await page.goto('/account/exports/3f0c1f7e-7c1d-4a8e-9d55-0c1a2b3c4d5e/download'))?.status()).toBe(404);
      } finally {
        await visitor.close();
      }
    });

    it('privacy requests: refuses a request without type or message at its fields, sends one with its due date, and shows the answer', async () => {
      const m = privacyRequestsMessages[lang];
      const person = newPerson('requests');
      const { session } = await signUp(stack, person, { language: lang });
      const visitor = await visitorFor(person, javaScript, lang);
      const { page } = visitor;
      try {
        await open(visitor, '/privacy-requests', lang, m.title);
        expect(await text(page, 'section[aria-labelledby="requests-heading"]')).toContain(m.none);

        expect(await submit(page, 'form[action="/privacy-requests"] button[type=submit]')).toBe(422);
        expect(await text(page, '#type-error')).toBe(m.chooseType);
        expect(await text(page, '#message-error')).toBe(t.fieldRequired);
        expect(await page.locator('.error-summary a[href="#type"]').count()).toBe(1);
        expect(await page.locator('.error-summary a[href="#message"]').count()).toBe(1);
        await expectAccessibleAndClean(visitor);

        const message = 'Lūdzu, dzēsiet manu veco tālruņa numuru.\nPaldies!';
        await page.check('#type-erasure');
        await page.fill('#message', message);
        expect(await submit(page, 'form[action="/privacy-requests"] button[type=submit]')).toBe(200);
        expect(page.url()).toContain('done=sent');
        const row = page.locator('table.privacy-requests tbody tr');
        expect(await row.count()).toBe(1);
        const id = (await row.getAttribute('data-request-id')) as string;
        const [mine] = (await stack.client.get('/me/privacy-requests', { session })).body as Array<{ id: string; dueAt: string }>;
        expect(mine.id).toBe(id);
        const due = new Intl.DateTimeFormat(lang === 'lv' ? 'lv-LV' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(mine.dueAt));
        expect(await text(page, '[role=status]')).toBe(m.sent(due));
        expect((await row.locator('td').allTextContents()).map((c) => c.trim())).toEqual([m.erasure, m.open, due, m.noAnswerYet]);
        await expectAccessibleAndClean(visitor);

        // Staff answer it in their console; the person reads the answer on the next load.
        const response = `Izdarīts: numurs dzēsts.\nAr cieņu, ${lang.toUpperCase()}`;
        const answered = await stack.client.patch(`/admin/privacy-requests/${id}`, { status: 'answered', response }, { session: staff });
        expect(answered.status).toBe(200);
        await page.reload();
        expect(await page.getAttribute('table.privacy-requests tbody tr', 'data-status')).toBe('answered');
        expect(await text(page, 'table.privacy-requests tbody tr td:nth-of-type(2)')).toBe(m.answered);
        expect(await page.locator('table.privacy-requests .multiline').textContent()).toBe(response);
      } finally {
        await visitor.close();
      }
    });

    it('closure: a wrong password shows at the field; the right one ends the session, says so on a public page, and login fails after', async () => {
      const m = closeMessages[lang];
      const person = newPerson('close');
      await signUp(stack, person, { language: lang });
      const visitor = await visitorFor(person, javaScript, lang);
      const { page } = visitor;
      try {
        await open(visitor, '/account/close', lang, m.title);
        expect(await text(page, 'main')).toContain(m.noMail);
        await expectAccessibleAndClean(visitor);

        await page.fill('#password', 'not my password at all');
        expect(await submit(page, 'form[action="/account/close"] button[type=submit]')).toBe(422);
        expect(await text(page, '#password-error')).toBe(NOT_CORRECT[lang]);
        expect(await page.getAttribute('#password', 'aria-invalid')).toBe('true');
        expect(await page.inputValue('#password')).toBe('');
        await expectAccessibleAndClean(visitor);

        await page.fill('#password', person.password);
        expect(await submit(page, 'form[action="/account/close"] button[type=submit]')).toBe(200);
        expect(new URL(page.url()).pathname).toBe('/account/closed');
        expect(await text(page, 'h1')).toBe(m.closedTitle);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        // Public: no account navigation, a login link instead.
        expect(await page.locator('nav.section-nav').count()).toBe(0);
        expect(await page.locator('a[href="/login"]').count()).toBeGreaterThan(0);
        await expectAccessibleAndClean(visitor);
        await expectOnlyTheTwoCookies(visitor);

        await expectLoggedOut(page);
        await page.fill('input[name=email]', person.email);
        await page.fill('input[name=password]', person.password);
        expect(await submit(page, 'form[action="/login"] button[type=submit]')).toBe(422);
        expect(await text(page, '#email-error')).toBe(authMessages[lang].loginFailed);
      } finally {
        await visitor.close();
      }
    });
  });

  it('sends a visitor without a session to log in, and back to the page after', async () => {
    const visitor = await openVisitor(browser, stack.publicOrigin, { javaScript: false });
    try {
      for (const { path } of PAGES) {
        await visitor.page.goto(path);
        expect(visitor.page.url()).toBe(`${stack.publicOrigin}/login?next=${encodeURIComponent(path)}`);
      }
      // The closed-account page is public, and a signed-in person is not shown it.
      expect((await visitor.page.goto('/account/closed'))?.status()).toBe(200);
    } finally {
      await visitor.close();
    }
  });
});
