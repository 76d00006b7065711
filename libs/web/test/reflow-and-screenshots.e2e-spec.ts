import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { login, newPerson, openVisitor, REPO_ROOT, type BrowserVisitor, type PlatformStack } from '@sargs/testing';
import { logInInBrowser, signedUpVisitor, STAFF, startWebStack, stopWebStack } from './web-e2e-kit';

/**
 * Every main page at 320 CSS pixels wide (WCAG 1.4.10 reflow: no sideways scrolling), and, when
 * SARGS_SCREENSHOTS names a folder (the README's pictures: docs/images), a screenshot of each at
 * a desktop width. Screenshots are written only on request, so an ordinary run changes no file.
 */
const SCREENSHOT_DIR = process.env.SARGS_SCREENSHOTS ? path.resolve(REPO_ROOT, process.env.SARGS_SCREENSHOTS) : undefined;

interface Shot {
  name: string;
  /** `{org}`: the person's organisation. */
  path: string;
  who: 'anonymous' | 'person' | 'staff';
  lang: 'lv' | 'en';
  /** Taken for the README (docs/images/web-<name>.png); the others are only checked for reflow. */
  picture?: boolean;
}

const PAGES: Shot[] = [
  { name: 'start', path: '/', who: 'anonymous', lang: 'en' },
  { name: 'signup', path: '/signup', who: 'anonymous', lang: 'lv', picture: true },
  { name: 'login', path: '/login', who: 'anonymous', lang: 'en' },
  { name: 'privacy-policy', path: '/privacy-policy', who: 'anonymous', lang: 'lv' },
  { name: 'account', path: '/account', who: 'person', lang: 'en', picture: true },
  { name: 'sessions', path: '/account/sessions', who: 'person', lang: 'en' },
  { name: 'consents', path: '/account/consents', who: 'person', lang: 'en', picture: true },
  { name: 'exports', path: '/account/exports', who: 'person', lang: 'lv' },
  { name: 'privacy-requests', path: '/privacy-requests', who: 'person', lang: 'lv' },
  { name: 'console', path: '/admin', who: 'staff', lang: 'en', picture: true },
  { name: 'console-accounts', path: '/admin/accounts', who: 'staff', lang: 'lv' },
  { name: 'console-incidents', path: '/admin/incidents', who: 'staff', lang: 'en' },
  { name: 'console-campaigns', path: '/admin/campaigns', who: 'staff', lang: 'lv' },
  { name: 'console-legal-holds', path: '/admin/legal-holds', who: 'staff', lang: 'en' },
  { name: 'console-erasures', path: '/admin/erasures', who: 'staff', lang: 'lv' },
  { name: 'console-backups', path: '/admin/backups', who: 'staff', lang: 'en' },
  { name: 'console-policies', path: '/admin/policies', who: 'staff', lang: 'lv' },
  { name: 'console-audit', path: '/admin/audit', who: 'staff', lang: 'en', picture: true },
  { name: 'console-orgs', path: '/admin/orgs', who: 'staff', lang: 'lv' },
  { name: 'orgs', path: '/orgs', who: 'person', lang: 'lv' },
  { name: 'org', path: '/orgs/{org}', who: 'person', lang: 'en' },
  { name: 'org-members', path: '/orgs/{org}/members', who: 'person', lang: 'lv' },
  { name: 'org-contacts', path: '/orgs/{org}/contacts', who: 'person', lang: 'en' },
  { name: 'org-requests', path: '/orgs/{org}/requests', who: 'person', lang: 'lv' },
  { name: 'dpa', path: '/dpa', who: 'anonymous', lang: 'lv' },
  { name: 'subprocessors', path: '/subprocessors', who: 'anonymous', lang: 'en' },
];

describe('pages reflow at 320 px; README screenshots on request', () => {
  let stack: PlatformStack;
  let browser: Browser;
  const visitors: Partial<Record<Shot['who'], BrowserVisitor>> = {};
  let orgId: string;

  beforeAll(async () => {
    ({ stack, browser } = await startWebStack({ services: ['identity', 'profile', 'consent', 'notifications', 'retention', 'organizations', 'contacts'] }));
    visitors.anonymous = await openVisitor(browser, stack.publicOrigin);
    visitors.person = await openVisitor(browser, stack.publicOrigin);
    const person = { ...newPerson('shot'), name: 'Anna Bērziņa' };
    await signedUpVisitor(stack, visitors.person, person);
    // Something in the lists: a privacy request in the staff queue and on the person's page.
    const session = await login(stack.client, person.email, person.password);
    const filed = await stack.client.post('/privacy-requests', { type: 'access', message: 'Which data do you hold about me, and since when?' }, { session });
    expect(filed.status).toBe(201);
    // An organisation the person owns, with a contact in its list.
    const org = await stack.client.post('/orgs', { name: 'SIA Kociņi un partneri', registrationNumber: '40003521600', vatNumber: 'LV40003521600', address: 'Brīvības iela 1, Rīga' }, { session });
    expect(org.status).toBe(201);
    orgId = (org.body as { id: string }).id;
    expect((await stack.client.post(`/orgs/${orgId}/contacts`, { kind: 'customer', name: 'Jānis Ozols', email: 'janis.ozols@example.test', phone: '+371 2000 0000' }, { session })).status).toBe(201);
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
    const answer = await page.goto(shot.path.replace('{org}', orgId));
    expect([shot.path, answer?.status()]).toEqual([shot.path, 200]);
  }

  it.each(PAGES)('$path ($lang) fits 320 px without sideways scrolling', async (shot) => {
    const { page } = visitors[shot.who] as BrowserVisitor;
    await page.setViewportSize({ width: 320, height: 640 });
    await show(page, shot);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect([shot.path, overflow]).toEqual([shot.path, 0]);
    if (SCREENSHOT_DIR && shot.picture) {
      await page.setViewportSize({ width: 960, height: 640 });
      await page.reload();
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `web-${shot.name}.png`) });
    }
  });
});
