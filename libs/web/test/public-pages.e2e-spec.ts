import type { Browser } from 'playwright-core';
import { login, newPerson, openVisitor, registerVerified, waitFor, withDatabase, type BrowserVisitor, type PlatformStack } from '@sargs/testing';
import { authMessages } from '../src/i18n/auth.messages';
import { commonMessages } from '../src/i18n/common.messages';
import { publicMessages } from '../src/i18n/public.messages';
import { expectAccessibleAndClean, linkFromMail, logInInBrowser, template, submit, text, type Lang, startWebStack, stopWebStack } from './web-e2e-kit';

type Mode = { javaScript: boolean; locale: string; lang: Lang };

/**
 * Every flow runs with JavaScript on and off and in both languages; the two halves of the file
 * pair them differently, so all four combinations are seen.
 */
const MODES: Array<{ flows: 'reset-unsubscribe' | 'email-policy'; modes: [Mode, Mode] }> = [
  {
    flows: 'reset-unsubscribe',
    modes: [
      { javaScript: true, locale: 'lv-LV', lang: 'lv' },
      { javaScript: false, locale: 'en-GB', lang: 'en' },
    ],
  },
  {
    flows: 'email-policy',
    modes: [
      { javaScript: true, locale: 'en-GB', lang: 'en' },
      { javaScript: false, locale: 'lv-LV', lang: 'lv' },
    ],
  },
];
const modesFor = (flows: (typeof MODES)[number]['flows']) => MODES.find((m) => m.flows === flows)?.modes ?? [];

/** Each flow is many pages, each checked with axe (a second browser context with JavaScript off): room for a busy machine. */
const FLOW_TIMEOUT = 240_000;

interface PolicyDocument {
  version: string;
  language: Lang;
  publishedAt: string;
  sha256: string;
  content: string;
}

interface PolicyVersionSummary {
  version: string;
  languages: Lang[];
  sha256: Record<Lang, string>;
}

describe('public pages: password reset, e-mail change, the privacy policy and unsubscribe, in a real browser', () => {
  let stack: PlatformStack;
  let browser: Browser;
  let staff: string;
  let seededVersion: string;
  const newVersion = `e2e-${Date.now()}`;

  beforeAll(async () => {
    ({ stack, browser, staff } = await startWebStack({ services: ['identity', 'profile', 'consent', 'notifications'] }));
    seededVersion = ((await stack.client.get('/policies/privacy?lang=en')).body as PolicyDocument).version;
    // A second version, so the list has an old one and the one in force.
    const published = await stack.client.post(
      '/admin/policies/privacy',
      {
        version: newVersion,
        translations: {
          lv: { content: `# Privātuma politika ${newVersion}\n\nJaunā versija **latviski**.\n\n## Sīkdatnes\n\n- tikai divas\n- nekādas izsekošanas` },
          en: { content: `# Privacy policy ${newVersion}\n\nThe new version **in English**.\n\n## Cookies\n\n- only two\n- no tracking` },
        },
      },
      { session: staff },
    );
    expect(published.status).toBe(201);
    // Identity learns the new version by event: until it has, a sign-up names the old one and is refused.
    await waitFor(() => stack.currentPolicyVersion(), (version) => version === newVersion, { timeoutMs: 30_000, what: 'identity to know the new policy version' });
  }, FLOW_TIMEOUT);

  afterAll(() => stopWebStack({ stack, browser }));

  /** One visitor per test, closed whatever happens. */
  async function asVisitor(mode: { javaScript: boolean; locale: string }, work: (visitor: BrowserVisitor) => Promise<void>): Promise<void> {
    const visitor = await openVisitor(browser, stack.publicOrigin, mode);
    try {
      await work(visitor);
    } finally {
      await visitor.close();
    }
  }

  describe.each(modesFor('reset-unsubscribe'))('JavaScript $javaScript, browser language $locale', (mode) => {
    const { lang } = mode;
    const a = authMessages[lang];
    const p = publicMessages[lang];

    it('resets a forgotten password with the mailed link: a weak one refused next to the field, a used link refused plainly', async () => {
      const person = newPerson(`reset-${lang}`);
      await registerVerified(stack, person, { language: lang });
      const newPassword = `${person.password} jauns`;
      await asVisitor(mode, async (visitor) => {
        const { page } = visitor;
        await page.goto('/login');
        await Promise.all([page.waitForURL('**/reset-password'), page.click('a[href="/reset-password"]')]);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await text(page, 'h1')).toBe(a.resetTitle);
        await expectAccessibleAndClean(visitor);

        // A malformed address: refused next to the field, what was typed kept.
        await page.fill('input[name=email]', 'not-an-address');
        expect(await submit(page, 'form[action="/reset-password"] button[type=submit]')).toBe(422);
        expect(await text(page, '#email-error')).not.toBe('');
        expect(await page.locator('.error-summary a[href="#email"]').count()).toBe(1);
        expect(await page.inputValue('input[name=email]')).toBe('not-an-address');
        await expectAccessibleAndClean(visitor);

        await page.fill('input[name=email]', person.email);
        expect(await submit(page, 'form[action="/reset-password"] button[type=submit]')).toBe(200);
        expect(page.url()).toBe(`${stack.publicOrigin}/reset-password?done=sent`);
        expect(await text(page, '[role=status]')).toBe(a.resetSent);
        await expectAccessibleAndClean(visitor);

        const mail = await stack.mail.waitForMail(person.email, template('password-reset'));
        const link = linkFromMail(stack, mail, '/reset-password');
        await page.goto(link);
        expect(await text(page, 'h1')).toBe(a.resetTitle);
        expect(await page.locator('input[name=email]').count()).toBe(0);
        await expectAccessibleAndClean(visitor);

        await page.fill('input[name=newPassword]', 'short');
        expect(await submit(page, 'form[action="/reset-password/confirm"] button[type=submit]')).toBe(422);
        expect(await text(page, '#newPassword-error')).not.toBe('');
        expect(await page.getAttribute('input[name=newPassword]', 'aria-invalid')).toBe('true');
        expect(await page.locator('.error-summary a[href="#newPassword"]').count()).toBe(1);
        // A password is never sent back into the page.
        expect(await page.inputValue('input[name=newPassword]')).toBe('');
        await expectAccessibleAndClean(visitor);

        // The same link still works after the refusal.
        await page.fill('input[name=newPassword]', newPassword);
        expect(await submit(page, 'form[action="/reset-password/confirm"] button[type=submit]')).toBe(200);
        expect(page.url()).toBe(`${stack.publicOrigin}/login?done=password-reset`);
        expect(await text(page, '[role=status]')).toBe(a.passwordReset);
        await expectAccessibleAndClean(visitor);
        expect((await stack.client.post('/sessions', { email: person.email, password: newPassword })).status).toBe(200);

        // A used link: the page says so, with the way to a new one.
        await page.goto(link);
        await page.fill('input[name=newPassword]', `${newPassword} vēlreiz`);
        expect(await submit(page, 'form[action="/reset-password/confirm"] button[type=submit]')).toBe(400);
        expect(await text(page, '[role=alert]')).toBe(p.resetLinkInvalid);
        expect(await page.locator('main a[href="/reset-password"]').count()).toBe(1);
        await expectAccessibleAndClean(visitor);
      });
      expect((await stack.client.post('/sessions', { email: person.email, password: person.password })).status).toBe(401);
    }, FLOW_TIMEOUT);

    it('unsubscribes from the link in a marketing mail with a button, not on GET; a forged link is refused', async () => {
      const person = newPerson(`unsub-${lang}`);
      const accountId = await registerVerified(stack, person, { language: lang, marketingEmails: true });
      const session = await login(stack.client, person.email, person.password);
      const marketing = async () =>
        ((await stack.client.get('/me/consents', { session })).body as { purposes: Array<{ purpose: string; granted: boolean }> }).purposes.find((x) => x.purpose === 'marketing-email')?.granted;
      await waitForOptIn(accountId);
      const campaign = await stack.client.post('/admin/campaigns', { subject: { lv: 'Jaunumi', en: 'News' }, body: { lv: 'Sveiki.', en: 'Hello.' } }, { session: staff });
      expect(campaign.status).toBe(202);
      const mail = await stack.mail.waitForMail(person.email, template('campaign'));
      // Mail clients get the API's one-click URL; people the page, with the same token.
      expect(mail.headers['list-unsubscribe']).toMatch(/^<https:\/\/[^>]+\/api\/v1\/unsubscribe\?token=[^>]+>$/u);
      expect(mail.text).toContain(`${stack.publicOrigin}/unsubscribe?token=`);
      const link = linkFromMail(stack, mail, '/unsubscribe');
      expect(new URL(mail.headers['list-unsubscribe'].slice(1, -1)).search).toBe(new URL(link).search);

      await asVisitor(mode, async (visitor) => {
        const { page } = visitor;
        const opened = await page.goto(link);
        expect(opened?.status()).toBe(200);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await text(page, 'h1')).toBe(p.unsubscribeTitle);
        await expectAccessibleAndClean(visitor);
        expect(await marketing()).toBe(true);

        expect(await submit(page, 'form[action="/unsubscribe"] button[type=submit]')).toBe(200);
        expect(page.url()).toBe(`${stack.publicOrigin}/unsubscribe?done=unsubscribed`);
        expect(await text(page, '[role=status] h1')).toBe(p.unsubscribedTitle);
        await expectAccessibleAndClean(visitor);
        expect(await marketing()).toBe(false);

        // Idempotent: the same link again ends on the same page.
        await page.goto(link);
        expect(await submit(page, 'form[action="/unsubscribe"] button[type=submit]')).toBe(200);
        expect(page.url()).toBe(`${stack.publicOrigin}/unsubscribe?done=unsubscribed`);

        for (const forged of [`${link}x`, '/unsubscribe', '/unsubscribe?token=forged']) {
          const answer = await page.goto(forged);
          expect(answer?.status()).toBe(400);
          expect(await text(page, 'h1')).toBe(p.unsubscribeInvalidTitle);
          expect(await text(page, '[role=alert]')).toBe(p.unsubscribeInvalid);
          expect(await page.locator('form[action="/unsubscribe"]').count()).toBe(0);
          await expectAccessibleAndClean(visitor);
        }
        // A forged token posted straight at the page is refused the same way.
        const posted = await page.request.post('/unsubscribe', { form: { token: 'forged' }, headers: { origin: stack.publicOrigin, 'accept-language': mode.locale } });
        expect(posted.status()).toBe(400);
        expect(await posted.text()).toContain(p.unsubscribeInvalidTitle);
      });
    }, FLOW_TIMEOUT);
  });

  describe.each(modesFor('email-policy'))('JavaScript $javaScript, browser language $locale', (mode) => {
    const { lang } = mode;
    const a = authMessages[lang];
    const p = publicMessages[lang];
    const t = commonMessages[lang];

    it('confirms a new e-mail address with a button, through the login and back with the token, never on GET', async () => {
      const person = newPerson(`move-${lang}`);
      await registerVerified(stack, person, { language: lang });
      const newEmail = newPerson(`moved-${lang}`).email;
      await asVisitor(mode, async (visitor) => {
        const { page } = visitor;
        await logInInBrowser(page, person.email, person.password);
        await page.fill('form[action="/account/email"] input[name=newEmail]', newEmail);
        await page.fill('form[action="/account/email"] input[name=password]', person.password);
        expect(await submit(page, 'form[action="/account/email"] button[type=submit]')).toBe(200);
        const mail = await stack.mail.waitForMail(newEmail, template('email-change-confirm'));
        const link = linkFromMail(stack, mail, '/confirm-email-change');

        // Logged out, the link goes through the login page and comes back with its token.
        await submit(page, 'form[action="/logout"] button[type=submit]');
        await page.goto(link);
        const url = new URL(page.url());
        expect(url.pathname).toBe('/login');
        expect(url.searchParams.get('next')).toBe(link.slice(stack.publicOrigin.length));
        // Opening the link changed nothing: the old address still logs in.
        await page.fill('input[name=email]', person.email);
        await page.fill('input[name=password]', person.password);
        await Promise.all([page.waitForURL(link), page.click('form[action="/login"] button[type=submit]')]);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await text(page, 'h1')).toBe(a.confirmChangeTitle);
        await expectAccessibleAndClean(visitor);

        expect(await submit(page, 'form[action="/confirm-email-change"] button[type=submit]')).toBe(200);
        expect(page.url()).toBe(`${stack.publicOrigin}/account?done=email-confirmed`);
        expect(await text(page, '[role=status]')).toBe(a.emailChanged);
        expect(await text(page, 'dl.details')).toContain(newEmail);
        await expectAccessibleAndClean(visitor);

        // The link again, and a forged one: refused plainly, nothing to fix on the page.
        for (const target of [link, `${stack.publicOrigin}/confirm-email-change?token=forged-${lang}`]) {
          await page.goto(target);
          expect(await submit(page, 'form[action="/confirm-email-change"] button[type=submit]')).toBe(400);
          expect(await text(page, '[role=alert]')).toBe(p.confirmChangeInvalid);
          expect(await page.locator('.error-summary').count()).toBe(0);
          await expectAccessibleAndClean(visitor);
        }
      });
      expect((await stack.client.post('/sessions', { email: newEmail, password: person.password })).status).toBe(200);
    }, FLOW_TIMEOUT);

    it('shows the policy in force with version, date and SHA-256, every version, each version in both languages, and a 404 for none', async () => {
      const inForce = (await stack.client.get(`/policies/privacy?lang=${lang}`)).body as PolicyDocument;
      const versions = (await stack.client.get('/policies/privacy/versions')).body as PolicyVersionSummary[];
      expect(inForce.version).toBe(newVersion);
      const other: Lang = lang === 'lv' ? 'en' : 'lv';
      await asVisitor(mode, async (visitor) => {
        const { page } = visitor;
        await page.goto('/');
        await Promise.all([page.waitForURL('**/privacy-policy'), page.click('main a[href="/privacy-policy"]')]);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await text(page, 'h1')).toBe(p.policyTitle);
        expect(await text(page, '.policy-version')).toBe(newVersion);
        expect(await text(page, '.policy-sha256')).toBe(inForce.sha256);
        expect(await page.getAttribute('article.policy-text', 'lang')).toBe(lang);
        expect(await text(page, 'article.policy-text h2')).toBe(lang === 'lv' ? `Privātuma politika ${newVersion}` : `Privacy policy ${newVersion}`);
        expect(await page.locator('article.policy-text li').count()).toBe(2);
        expect(await page.locator('article.policy-text strong').count()).toBe(1);
        // Every version, newest first, each language's checksum.
        expect(await page.locator('table.policy-versions tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-version')))).toEqual(versions.map((v) => v.version));
        for (const version of versions) {
          const row = page.locator(`table.policy-versions tr[data-version="${version.version}"]`);
          for (const language of version.languages) expect(await row.locator(`li[data-language=${language}] code`).textContent()).toBe(version.sha256[language]);
        }
        expect(await text(page, `tr[data-version="${newVersion}"] .badge`)).toBe(p.inForce);
        await expectAccessibleAndClean(visitor);

        await Promise.all([page.waitForURL(`**/privacy-policy/versions/${seededVersion}`), page.click(`tr[data-version="${seededVersion}"] th a`)]);
        const seeded = (await stack.client.get(`/policies/privacy/versions/${seededVersion}?lang=${lang}`)).body as PolicyDocument;
        expect(await text(page, 'h1')).toBe(p.policyVersionTitle(seededVersion));
        expect(await text(page, 'main')).toContain(p.supersededVersion);
        expect(await text(page, '.policy-sha256')).toBe(seeded.sha256);
        expect(await text(page, 'article.policy-text h2')).toBe(seeded.content.split('\n')[0].replace(/^# /u, ''));
        await expectAccessibleAndClean(visitor);

        // The other language of the same version; the page itself keeps its language.
        await Promise.all([page.waitForURL(`**/privacy-policy/versions/${seededVersion}?lang=${other}`), page.click(`main a[hreflang=${other}]`)]);
        const translated = (await stack.client.get(`/policies/privacy/versions/${seededVersion}?lang=${other}`)).body as PolicyDocument;
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await page.getAttribute('article.policy-text', 'lang')).toBe(other);
        expect(await text(page, '.policy-sha256')).toBe(translated.sha256);
        expect(await text(page, 'article.policy-text h2')).toBe(translated.content.split('\n')[0].replace(/^# /u, ''));
        await expectAccessibleAndClean(visitor);

        const missing = await page.goto('/privacy-policy/versions/no-such-version');
        expect(missing?.status()).toBe(404);
        expect(await text(page, 'h1')).toBe(t.errorTitle(404));
        await expectAccessibleAndClean(visitor);
      });
    }, FLOW_TIMEOUT);
  });

  /** Notifications' directory knows the account as verified and opted in (events travel asynchronously). */
  async function waitForOptIn(accountId: string): Promise<void> {
    const url = stack.databases.notifications?.url;
    if (!url) throw new Error('notifications database missing');
    await waitFor(
      () =>
        withDatabase(url, async (pg) => {
          const rows = await pg.query(
            `SELECT 1 FROM recipient r JOIN recipient_consent c ON c.account_id = r.account_id AND c.purpose = 'marketing-email' AND c.granted WHERE r.account_id = $1 AND r.email_verified`,
            [accountId],
          );
          return rows.rowCount ?? 0;
        }),
      (count) => count > 0,
      { timeoutMs: 30_000, intervalMs: 200, what: `marketing opt-in of ${accountId} in notifications` },
    );
  }
});
