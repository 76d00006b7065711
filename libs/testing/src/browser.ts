import axe from 'axe-core';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`) unless CHROMIUM_PATH names another. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium for the browser tier. A machine without one fails here, saying how to get
 * one: the tier is never skipped in silence. The flags keep it off the network it cannot reach.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}. Install Debian's (apt-get install chromium) or set CHROMIUM_PATH; the browser tests need a real browser and do not skip.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface BrowserVisitor {
  context: BrowserContext;
  page: Page;
  /** Every Content-Security-Policy violation the browser reported, on any page so far. */
  cspViolations: string[];
  /** axe-core's WCAG 2.2 AA violations on the page as it stands (see accessibilityViolations). */
  accessibilityViolations(): Promise<string[]>;
  close(): Promise<void>;
}

export interface VisitorOptions {
  /** false: a browser with JavaScript turned off (every page must still work). */
  javaScript?: boolean;
  /** The browser's Accept-Language, e.g. `lv-LV` or `en-GB`. */
  locale?: string;
  /** The client's own loopback address is the gateway's business; tests share 127.0.0.1. */
  viewport?: { width: number; height: number };
}

/**
 * A person at a browser: a fresh profile (no cookies), the stack's self-signed certificate
 * accepted, and the browser's own security log watched for CSP violations (through CDP, so it
 * works with JavaScript off too).
 */
export async function openVisitor(browser: Browser, origin: string, options: VisitorOptions = {}): Promise<BrowserVisitor> {
  const context = await browser.newContext({
    baseURL: origin,
    ignoreHTTPSErrors: true,
    javaScriptEnabled: options.javaScript ?? true,
    locale: options.locale ?? 'en-GB',
    viewport: options.viewport ?? { width: 1024, height: 768 },
  });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  const cdp = await context.newCDPSession(page);
  cdp.on('Log.entryAdded', ({ entry }: { entry: { source: string; text: string } }) => {
    if (/Content Security Policy/iu.test(entry.text)) cspViolations.push(entry.text);
  });
  await cdp.send('Log.enable');
  page.on('console', (message) => {
    if (/Content Security Policy/iu.test(message.text())) cspViolations.push(message.text());
  });
  const javaScript = options.javaScript ?? true;
  return {
    context,
    page,
    cspViolations,
    accessibilityViolations: () => (javaScript ? accessibilityViolations(page) : accessibilityViolationsWithoutScript(browser, page)),
    close: () => context.close(),
  };
}

/** WCAG 2.2 AA (and everything below it) as axe-core checks it. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's violations on the page as it is now: id, impact and the first offending nodes.
 * axe is put into the document once and run there with `axe.run`. (@axe-core/playwright's way,
 * a partial run per frame finished in a new blank page, put axe's 550 kB in three times and
 * opened a page for every check: most of a browser test's time. Our pages have no frames.)
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (page.frames().length > 1) throw new Error(`${page.url()} has frames; this check covers only the top document`);
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axe.source);
  const result = await page.evaluate(
    (tags) => (globalThis as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_TAGS,
  );
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/**
 * axe runs as a script, which a page with JavaScript off cannot: the very HTML that page got is
 * served again, at the same URL (so its stylesheet loads from the server), to a scratch page
 * that runs scripts, and checked there. One scratch page per browser serves every such check,
 * one at a time (a new one each time cost a renderer process and a cold copy of axe).
 */
const scratchPages = new WeakMap<Browser, { page: Promise<Page>; turn: Promise<unknown> }>();

async function accessibilityViolationsWithoutScript(browser: Browser, page: Page): Promise<string[]> {
  const html = await page.content();
  const url = page.url();
  const viewport = page.viewportSize();
  let scratch = scratchPages.get(browser);
  if (!scratch) {
    scratch = { page: browser.newContext({ ignoreHTTPSErrors: true }).then((context) => context.newPage()), turn: Promise.resolve() };
    scratchPages.set(browser, scratch);
  }
  const check = scratch.turn.then(async () => {
    const copy = await scratch.page;
    if (viewport) await copy.setViewportSize(viewport);
    // Same address but for the #fragment would be a same-document move: the old copy would stay.
    if (copy.url().split('#')[0] === url.split('#')[0]) await copy.goto('about:blank');
    await copy.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    try {
      await copy.goto(url);
      return await accessibilityViolations(copy);
    } finally {
      await copy.unroute(url);
    }
  });
  scratch.turn = check.catch(() => undefined);
  return check;
}
