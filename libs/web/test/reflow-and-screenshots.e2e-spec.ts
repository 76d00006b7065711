import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { newPerson, openVisitor, REPO_ROOT, type BrowserVisitor, type PlatformStack } from '@sargs/testing';
import { logInInBrowser, signedUpVisitor, STAFF, startWebStack, stopWebStack } from './web-e2e-kit';

/**
 * Every main page at 320 CSS pixels wide (WCAG 1.4.10 reflow: no sideways scrolling), and, when
 * SARGS_SCREENSHOTS names a folder (the README's pictures: docs/images), a screenshot of each at
 * a desktop width. Screenshots are written only on request, so an ordinary run changes no file.
 */
const SCREENSHOT_DIR = process.env.SARGS_SCREENSHOTS ? path.resolve(REPO_ROOT, process.env.SARGS_SCREENSHOTS) : undefined;

interface Shot {
  name: string;
  path: string;
  who: 'anonymous' | 'person' | 'staff';
  lang: 'lv' | 'en';
}

const PAGES: Shot[] = [
  { name: 'start', path: '/', who: 'anonymous', lang: 'en' },
  { name: 'signup', path: '/signup', who: 'anonymous', lang: 'lv' },
  { name: 'login', path: '/login', who: 'anonymous', lang: 'en' },
  { name: 'account', path: '/account', who: 'person', lang: 'en' },
];

describe('pages reflow at 320 px; README screenshots on request', () => {
  let stack: PlatformStack;
  let browser: Browser;
  const visitors: Partial<Record<Shot['who'], BrowserVisitor>> = {};

  beforeAll(async () => {
    ({ stack, browser } = await startWebStack({ services: ['identity', 'profile', 'consent', 'notifications', 'retention'] }));
    visitors.anonymous = await openVisitor(browser, stack.publicOrigin);
    visitors.person = await openVisitor(browser, stack.publicOrigin);
    await signedUpVisitor(stack, visitors.person, { ...newPerson('shot'), name: 'Anna Bērziņa' });
    visitors.staff = await openVisitor(browser, stack.publicOrigin);
    await logInInBrowser(visitors.staff.page, STAFF.email, STAFF.password);
    if (SCREENSHOT_DIR) mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await Promise.all(Object.values(visitors).map((v) => v?.close()));
    await stopWebStack({ stack, browser });
  });

  async function show(page: Page, shot: Shot): Promise<void> {
    await page.context().addCookies([{ name: 'lang', value: shot.lang, url: stack.publicOrigin, secure: true, sameSite: 'Lax' }]);
    const answer = await page.goto(shot.path);
    expect([shot.path, answer?.status()]).toEqual([shot.path, 200]);
  }

  it.each(PAGES)('$path fits 320 px without sideways scrolling', async (shot) => {
    const { page } = visitors[shot.who] as BrowserVisitor;
    await page.setViewportSize({ width: 320, height: 640 });
    await show(page, shot);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect([shot.path, overflow]).toEqual([shot.path, 0]);
    if (SCREENSHOT_DIR) {
      await page.setViewportSize({ width: 960, height: 640 });
      await page.reload();
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `web-${shot.name}.png`) });
    }
  });
});
