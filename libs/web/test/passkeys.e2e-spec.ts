import type { Browser, CDPSession } from 'playwright-core';
import { newPerson, openVisitor, registerVerified, usedSecrets, type BrowserVisitor, type Person, type PlatformStack } from '@sargs/testing';
import { passkeyMessages } from '../src/i18n/passkey.messages';
import { expectAccessibleAndClean, logInInBrowser, startWebStack, stopWebStack, submit, text } from './web-e2e-kit';

const en = passkeyMessages.en;
/** A URL with this path (a glob would also match `/login?next=<path>`). */
const atPath = (path: string) => (url: URL) => url.pathname === path;

/**
 * Passkeys in a real browser: Chromium's virtual authenticator (CDP WebAuthn domain) stands in for
 * a phone or a security key, and /assets/sargs.js drives navigator.credentials. The API's own
 * checks (forged answers, single-use challenges, counters) are apps/identity/test/passkeys.e2e-spec.ts.
 */
describe('passkeys on /account/security and /login, with Chromium’s virtual authenticator', () => {
  let stack: PlatformStack;
  let browser: Browser;

  beforeAll(async () => {
    ({ stack, browser } = await startWebStack({ services: ['identity', 'profile', 'notifications'] }));
  });

  afterAll(() => stopWebStack({ stack, browser }));

  /** A verified person logged in with JavaScript on, and a platform authenticator (with user verification) in their browser. */
  async function personWithAuthenticator(tag: string): Promise<{ person: Person; visitor: BrowserVisitor; cdp: CDPSession; authenticatorId: string }> {
    const person = newPerson(tag);
    await registerVerified(stack, person);
    const visitor = await openVisitor(browser, stack.publicOrigin, { javaScript: true });
    const cdp = await visitor.context.newCDPSession(visitor.page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    await logInInBrowser(visitor.page, person.email, person.password);
    return { person, visitor, cdp, authenticatorId };
  }

  /** Adds a passkey on the security page: the first one shows the ten recovery codes, then back to the page. */
  async function addPasskey(visitor: BrowserVisitor, name: string): Promise<string[]> {
    const { page } = visitor;
    await page.goto('/account/security');
    expect(await page.isVisible('[data-passkey-unsupported]')).toBe(false);
    await page.fill('#passkey-add-name', name);
    await Promise.all([page.waitForURL(atPath('/account/security/passkeys')), page.click('form[data-passkey=register] button[type=submit]')]);
    const codes = (await page.locator('ul.recovery-codes code').allTextContents()).map((c) => c.trim());
    usedSecrets.push(...codes);
    await submit(page, `a[href="/account/security?done=passkey-added"]`);
    expect(await text(page, '[role=status]')).toBe(en.added);
    return codes;
  }

  const logOut = (visitor: BrowserVisitor) => submit(visitor.page, 'form[action="/logout"] button[type=submit]');

  it('adds a passkey, logs in with it without a password, and removes it with the password', async () => {
    const { person, visitor, cdp, authenticatorId } = await personWithAuthenticator('passkey');
    const { page } = visitor;
    const codes = await addPasskey(visitor, 'Laptop');
    expect(codes).toHaveLength(10);
    expect(await page.locator('table.passkeys tbody tr').count()).toBe(1);
    expect(await text(page, 'table.passkeys tbody th')).toBe('Laptop');
    // A discoverable credential for this site, user verified, is on the authenticator.
    const { credentials } = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })) as { credentials: { isResidentCredential: boolean; rpId: string }[] };
    expect(credentials).toEqual([expect.objectContaining({ isResidentCredential: true, rpId: 'localhost' })]);
    await expectAccessibleAndClean(visitor);

    // Logged out, the login page offers the passkey; no e-mail address or password typed.
    await logOut(visitor);
    await page.goto('/login?next=/account/sessions');
    expect(await page.isVisible('[data-passkey-section] button')).toBe(true);
    await Promise.all([page.waitForURL(atPath('/account/sessions')), page.click('[data-passkey-section] button[type=submit]')]);
    await page.goto('/account/security');
    expect(await text(page, 'table.passkeys tbody td:nth-of-type(2)')).not.toBe(en.neverUsed);

    // Removal asks for the password: a wrong one is refused next to its field.
    await page.selectOption('#passkey-remove-id', { label: 'Laptop' });
    await page.fill('#passkey-remove-password', 'nav mana parole 123');
    expect(await submit(page, 'form[action="/account/security/passkeys/remove"] button[type=submit]')).toBe(422);
    expect(await page.isVisible('#passkey-remove-password-error')).toBe(true);
    await page.fill('#passkey-remove-password', person.password);
    expect(await submit(page, 'form[action="/account/security/passkeys/remove"] button[type=submit]')).toBe(200);
    expect(await text(page, '[role=status]')).toBe(en.removed);
    expect(await text(page, 'section.passkeys .empty-list')).toBe(en.none);
    await visitor.close();
  });

  it('completes a password login’s second step with the passkey', async () => {
    const { person, visitor } = await personWithAuthenticator('second-step');
    const { page } = visitor;
    await addPasskey(visitor, 'Phone');
    await logOut(visitor);

    await page.goto('/login?next=/account/sessions');
    await page.fill('input[name=email]', person.email);
    await page.fill('input[name=password]', person.password);
    await Promise.all([page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('step') === 'code'), page.click('form[action="/login"] button[type=submit]')]);
    expect(await page.isVisible(`button:has-text("${en.secondStepButton}")`)).toBe(true);
    await Promise.all([page.waitForURL(atPath('/account/sessions')), page.click(`button:has-text("${en.secondStepButton}")`)]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expectAccessibleAndClean(visitor);
    await visitor.close();
  });

  it('without JavaScript: no passkey button on /login, and /account/security says adding one needs it while the rest works', async () => {
    const person = newPerson('no-script');
    await registerVerified(stack, person);
    const visitor = await openVisitor(browser, stack.publicOrigin, { javaScript: false });
    const { page } = visitor;
    await page.goto('/login');
    expect(await page.isVisible('[data-passkey-section]')).toBe(false);
    await logInInBrowser(page, person.email, person.password);
    await page.goto('/account/security');
    expect(await text(page, '[data-passkey-unsupported]')).toBe(en.needsScript);
    expect(await page.isDisabled('form[data-passkey=register] button[type=submit]')).toBe(true);
    await expectAccessibleAndClean(visitor);
    await visitor.close();
  });
});
