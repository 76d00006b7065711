import type { Browser } from 'playwright-core';
import { newPerson, openVisitor, type PlatformStack } from '@sargs/testing';
import { expectAccessibleAndClean, expectOnlyTheTwoCookies, signUpInBrowser, verifyInBrowser, logInInBrowser, startWebStack, stopWebStack } from './web-e2e-kit';

describe('privacy centre: from sign-up to a confirmed account, in a real browser', () => {
  let stack: PlatformStack;
  let browser: Browser;

  beforeAll(async () => {
    ({ stack, browser } = await startWebStack({ services: ['identity', 'profile', 'consent', 'notifications'] }));
  });

  afterAll(() => stopWebStack({ stack, browser }));

  describe.each([
    { javaScript: true, locale: 'en-GB', lang: 'en' },
    { javaScript: false, locale: 'lv-LV', lang: 'lv' },
    { javaScript: false, locale: 'en-GB', lang: 'en' },
    { javaScript: true, locale: 'lv-LV', lang: 'lv' },
  ])('JavaScript $javaScript, browser language $locale', ({ javaScript, locale, lang }) => {
    it('signs up, confirms the mailed link with a button, logs in and sees the account', async () => {
      const visitor = await openVisitor(browser, stack.publicOrigin, { javaScript, locale });
      const person = newPerson('web');
      try {
        await visitor.page.goto('/');
        expect(await visitor.page.getAttribute('html', 'lang')).toBe(lang);
        await expectAccessibleAndClean(visitor);

        await signUpInBrowser(visitor.page, person);
        expect(await visitor.page.textContent('h1')).toBe(lang === 'lv' ? 'Pārbaudiet e-pastu' : 'Check your e-mail');

        await verifyInBrowser(stack, visitor.page, person);
        await expectAccessibleAndClean(visitor);
        await logInInBrowser(visitor.page, person.email, person.password);

        const details = await visitor.page.textContent('dl.details');
        expect(details).toContain(person.name);
        expect(details).toContain(person.email);
        expect(await visitor.page.getAttribute('html', 'lang')).toBe(lang);
        await expectAccessibleAndClean(visitor);
        await expectOnlyTheTwoCookies(visitor);
      } finally {
        await visitor.close();
      }
    });
  });

  it('shows each refused field next to the field, summarised at the top, and keeps what was typed', async () => {
    const visitor = await openVisitor(browser, stack.publicOrigin, { javaScript: false });
    try {
      await visitor.page.goto('/signup');
      await visitor.page.fill('input[name=name]', 'Jānis');
      await visitor.page.fill('input[name=email]', 'not-an-address');
      await visitor.page.fill('input[name=password]', 'short');
      const [response] = await Promise.all([visitor.page.waitForResponse('**/signup'), visitor.page.click('form[action="/signup"] button[type=submit]')]);
      expect(response.status()).toBe(422);
      // The policy was not accepted: refused here before anything was sent.
      expect(await visitor.page.textContent('#acceptPolicy-error')).toContain('Accept the privacy policy');
      expect(await visitor.page.inputValue('input[name=name]')).toBe('Jānis');
      expect(await visitor.page.getAttribute('input[name=acceptPolicy]', 'aria-invalid')).toBe('true');
      expect(await visitor.page.locator('.error-summary a[href="#acceptPolicy"]').count()).toBe(1);
      await expectAccessibleAndClean(visitor);

      await visitor.page.check('input[name=acceptPolicy]');
      await visitor.page.fill('input[name=password]', 'short');
      await visitor.page.click('form[action="/signup"] button[type=submit]');
      expect(await visitor.page.textContent('#email-error')).toMatch(/e-mail address/u);
      expect(await visitor.page.inputValue('input[name=email]')).toBe('not-an-address');
      // A password is never sent back into the page.
      expect(await visitor.page.inputValue('input[name=password]')).toBe('');

      await visitor.page.fill('input[name=email]', newPerson('refused').email);
      await visitor.page.fill('input[name=password]', 'short');
      await visitor.page.check('input[name=acceptPolicy]');
      await visitor.page.click('form[action="/signup"] button[type=submit]');
      expect(await visitor.page.textContent('#password-error')).toMatch(/at least 12 characters/u);
      expect(await visitor.page.locator('#email-error').count()).toBe(0);
    } finally {
      await visitor.close();
    }
  });

  it('signs up and logs in with the keyboard alone', async () => {
    const visitor = await openVisitor(browser, stack.publicOrigin, { javaScript: true });
    const person = newPerson('kbd');
    const { page } = visitor;
    try {
      await page.goto('/signup');
      // Tab from the top: the skip link comes first and lands on the main content.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      const tabTo = async (selector: string) => {
        for (let i = 0; i < 30; i++) {
          await page.keyboard.press('Tab');
          if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        }
        throw new Error(`${selector} is not reachable with Tab`);
      };
      await tabTo('input[name=name]');
      await page.keyboard.type(person.name);
      await tabTo('input[name=email]');
      await page.keyboard.type(person.email);
      await tabTo('input[name=password]');
      await page.keyboard.type(person.password);
      await tabTo('input[name=acceptPolicy]');
      await page.keyboard.press('Space');
      await tabTo('form[action="/signup"] button[type=submit]');
      await Promise.all([page.waitForURL('**/signup/check-email'), page.keyboard.press('Enter')]);

      await verifyInBrowser(stack, page, person);
      await page.goto('/login');
      await tabTo('input[name=email]');
      await page.keyboard.type(person.email);
      await tabTo('input[name=password]');
      await page.keyboard.type(person.password);
      await Promise.all([page.waitForURL('**/account'), page.keyboard.press('Enter')]);
      expect(await page.textContent('dl.details')).toContain(person.email);
    } finally {
      await visitor.close();
    }
  });
});
