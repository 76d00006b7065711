import type { Browser, Page, Response } from 'playwright-core';
import { launchBrowser, login, startPlatformStack, tokenFromMail, type BrowserVisitor, type CaughtMail, type Person, type PlatformStack, type PlatformStackOptions } from '@sargs/testing';

// A browser test walks a person through several pages in both modes of a language; on a shared
// two-core CI machine one such walk has taken over two minutes. The bound is for hangs only.
jest.setTimeout(180_000);

/** The staff account every web stack starts with (SARGS_ADMIN_*): admin and dpo. */
export const STAFF = { name: 'Sargs Staff', email: 'staff.web@example.test', password: 'ozols pļavā dzied 42 vakarā' };

/** Limits high enough for one test file's many browsers on 127.0.0.1, as other e2e tests set. */
export const WEB_STACK_ENV = {
  identity: { SARGS_ADMIN_EMAIL: STAFF.email, SARGS_ADMIN_PASSWORD: STAFF.password, LOGIN_FREE_ATTEMPTS_PER_CLIENT: '1000' },
  gateway: { RATE_LIMIT_SENSITIVE_PER_MINUTE: '10000', RATE_LIMIT_PER_MINUTE: '100000' },
};

/** A browser test's world: the platform (with the staff account), a Chromium, and a staff API session. */
export interface WebStack {
  stack: PlatformStack;
  browser: Browser;
  staff: string;
}

/** Starts the stack (`WEB_STACK_ENV` unless `env` says otherwise) and the browser side by side; if either fails, the other is stopped. */
export async function startWebStack(options: PlatformStackOptions): Promise<WebStack> {
  const [stack, browser] = await Promise.allSettled([startPlatformStack({ env: WEB_STACK_ENV, ...options }), launchBrowser()]);
  if (stack.status === 'rejected' || browser.status === 'rejected') {
    await stopWebStack({ stack: stack.status === 'fulfilled' ? stack.value : undefined, browser: browser.status === 'fulfilled' ? browser.value : undefined });
    throw stack.status === 'rejected' ? stack.reason : (browser as PromiseRejectedResult).reason;
  }
  return { stack: stack.value, browser: browser.value, staff: await login(stack.value.client, STAFF.email, STAFF.password) };
}

export async function stopWebStack({ stack, browser }: { stack?: PlatformStack; browser?: Browser }): Promise<void> {
  await browser?.close();
  await stack?.stop();
}

export const template = (name: string) => (mail: CaughtMail) => mail.headers['x-sargs-template'] === name;

/** The mailed link a person would click: `<origin><path>?token=`. */
export function linkFromMail(stack: PlatformStack, mail: CaughtMail, path: string): string {
  return `${stack.publicOrigin}${path}?token=${encodeURIComponent(tokenFromMail(mail, path))}`;
}

/** Signs up through the web form (JavaScript on or off: plain form posts either way). */
export async function signUpInBrowser(page: Page, person: Person, options: { marketing?: boolean } = {}): Promise<void> {
  await page.goto('/signup');
  await page.fill('input[name=name]', person.name);
  await page.fill('input[name=email]', person.email);
  await page.fill('input[name=password]', person.password);
  if (options.marketing) await page.check('input[name=marketingEmails]');
  await page.check('input[name=acceptPolicy]');
  await Promise.all([page.waitForURL('**/signup/check-email'), page.click('form[action="/signup"] button[type=submit]')]);
}

/** Opens the verification link from the mail and presses its button. */
export async function verifyInBrowser(stack: PlatformStack, page: Page, person: Person): Promise<void> {
  const mail = await stack.mail.waitForMail(person.email, template('verify-email'));
  await page.goto(linkFromMail(stack, mail, '/verify-email'));
  await Promise.all([page.waitForURL('**/verify-email?done=verified'), page.click('form[action="/verify-email"] button[type=submit]')]);
}

export async function logInInBrowser(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL('**/account'), page.click('form[action="/login"] button[type=submit]')]);
}

/** Signed up, verified and logged in, all through pages: the visitor ends on /account. */
export async function signedUpVisitor(stack: PlatformStack, visitor: BrowserVisitor, person: Person): Promise<void> {
  await signUpInBrowser(visitor.page, person);
  await verifyInBrowser(stack, visitor.page, person);
  await logInInBrowser(visitor.page, person.email, person.password);
}

/** The page as it stands has no axe violation (WCAG 2.2 AA) and the visitor saw no CSP refusal. */
export async function expectAccessibleAndClean(visitor: BrowserVisitor): Promise<void> {
  expect({ url: visitor.page.url(), violations: await visitor.accessibilityViolations() }).toEqual({ url: visitor.page.url(), violations: [] });
  expect(visitor.cspViolations).toEqual([]);
}

/** Only `__Host-sid` and `lang`, ever (R8). */
export async function expectOnlyTheTwoCookies(visitor: BrowserVisitor): Promise<void> {
  const names = (await visitor.context.cookies()).map((c) => c.name);
  expect(names.filter((n) => n !== '__Host-sid' && n !== 'lang')).toEqual([]);
}

export type Lang = 'lv' | 'en';

const REDIRECTS = [301, 302, 303, 307, 308];

/** Clicks, waits for the page it leads to, and gives that page's status (after any redirect). */
export async function submit(page: Page, selector: string): Promise<number> {
  let status = 0;
  const seen = (response: Response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame() && !REDIRECTS.includes(response.status())) status = response.status();
  };
  page.on('response', seen);
  try {
    await Promise.all([page.waitForEvent('load'), page.click(selector)]);
  } finally {
    page.off('response', seen);
  }
  return status;
}

/** An element's text, trimmed ('' when it has none). */
export const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();
