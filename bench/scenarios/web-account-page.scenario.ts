import { gzipSync } from 'node:zlib';
import { measure } from '../support/autocannon-run';
import type { BenchInfrastructure } from '../support/bench-infrastructure';
import { nestPageFloor, type HelloWorld } from '../support/hello-world';
import { percentile, round } from '../support/percentile';
import { benchPasswordHash, startPlatformUnderBench } from '../support/platform-under-bench';
import type { Figure, Scenario } from '../support/scenario';

const CONNECTIONS = 50;
const PASSWORD = 'bench account-page passphrase 2604';
/** What the account page, its stylesheet and its script may weigh together, gzip-compressed. */
const WEIGHT_TARGET_KB = 30;

/** Attributes through which a page makes the browser fetch, navigate or post somewhere. */
const URL_ATTRIBUTE = /\s(src|href|action|formaction|poster|data|srcset|ping)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/giu;
/** Where a stylesheet makes the browser fetch: url(...) and @import. */
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/giu;

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/giu, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Every URL the HTML names in a fetching or navigating attribute (srcset split into its candidates). */
export function urlsInHtml(html: string): string[] {
  const urls: string[] = [];
  for (const match of html.matchAll(URL_ATTRIBUTE)) {
    const value = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '').trim();
    if (match[1].toLowerCase() === 'srcset') urls.push(...value.split(',').map((candidate) => candidate.trim().split(/\s+/u)[0]).filter(Boolean));
    else urls.push(value);
  }
  return urls;
}

export function urlsInCss(css: string): string[] {
  return [...css.matchAll(CSS_URL)].map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '').trim()).filter(Boolean);
}

/** Fragment-only links (`#main`) fetch nothing; everything else must resolve to the page's own origin. */
function thirdParty(urls: string[], base: string): string[] {
  const origin = new URL(base).origin;
  return urls.filter((url) => {
    if (url.startsWith('#')) return false;
    try {
      return new URL(url, base).origin !== origin;
    } catch {
      return true;
    }
  });
}

const gzipBytes = (body: string) => gzipSync(Buffer.from(body, 'utf8')).length;

export const webAccountPageScenario: Scenario = {
  name: 'web-account-page',
  description: `signed-in GET /account (server-rendered page) against GET /api/v1/me in the same run at ${CONNECTIONS} connections, and the same HTML from an empty Nest route (the ceiling for any Nest page); the page's weight (HTML, stylesheet, script, gzip) and its third-party requests`,
  async run(infra: BenchInfrastructure): Promise<Figure[]> {
    const platform = await startPlatformUnderBench(infra);
    let floor: HelloWorld | undefined;
    try {
      const [account] = await platform.seedAccounts(1, await benchPasswordHash(PASSWORD));
      await platform.seedProfile(account);
      const token = await platform.login(account.email, PASSWORD);
      const origin = new URL(platform.apiBase).origin;
      const cookie = `__Host-sid=${token}`;

      const page = await platform.root.get('/account', { headers: { cookie, accept: 'text/html' } });
      const pageUrl = `${origin}/account`;
      if (page.status !== 200 || !String(page.headers['content-type']).startsWith('text/html') || !page.text.includes(account.email)) {
        throw new Error(`GET /account answered ${page.status} ${String(page.headers['content-type'])}, not the signed-in account page: ${page.text.slice(0, 300)}`);
      }

      // The page's weight: the HTML, plus the stylesheet and the script it links, as gzip would send them.
      const pageUrls = urlsInHtml(page.text);
      const stylesheets = [...page.text.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*>/giu)].flatMap((m) => urlsInHtml(m[0]));
      const scripts = [...page.text.matchAll(/<script\b[^>]*>/giu)].flatMap((m) => urlsInHtml(m[0]));
      if (stylesheets.length !== 1 || scripts.length !== 1) throw new Error(`the account page links ${stylesheets.length} stylesheets and ${scripts.length} scripts, not one each`);
      const assets = await Promise.all(
        [...stylesheets, ...scripts].map(async (url) => {
          const { pathname, search } = new URL(url, pageUrl);
          const answer = await platform.root.get(`${pathname}${search}`);
          if (answer.status !== 200) throw new Error(`GET ${url} answered ${answer.status}`);
          return { url, text: answer.text };
        }),
      );
      const css = assets[0].text;
      const foreign = thirdParty([...pageUrls, ...urlsInCss(css).map((u) => new URL(u, new URL(stylesheets[0], pageUrl)).href)], pageUrl);
      const rawBytes = Buffer.byteLength(page.text) + assets.reduce((sum, a) => sum + Buffer.byteLength(a.text), 0);
      const compressed = { html: gzipBytes(page.text), css: gzipBytes(assets[0].text), js: gzipBytes(assets[1].text) };
      const compressedBytes = compressed.html + compressed.css + compressed.js;
      console.log(
        `GET /account: ${Buffer.byteLength(page.text)} B HTML (content-encoding ${String(page.headers['content-encoding'] ?? 'none')}), ` +
          `${assets.map((a) => `${a.url} ${Buffer.byteLength(a.text)} B`).join(', ')}; gzip: HTML ${compressed.html} B, CSS ${compressed.css} B, JS ${compressed.js} B; ` +
          `${pageUrls.length} URLs in the page${foreign.length > 0 ? `, third-party: ${foreign.join(' ')}` : ', none third-party'}`,
      );

      // One after the other at the same concurrency, the API first: the ratio compares like with like.
      const me = await measure('GET /api/v1/me', { url: `${platform.apiBase}/me`, connections: CONNECTIONS, headers: { cookie }, ok: (s) => s === 200 });
      const accountPage = await measure('GET /account', { url: pageUrl, connections: CONNECTIONS, headers: { cookie, accept: 'text/html' }, ok: (s) => s === 200 });
      // The ceiling for any page served through Nest here: the same HTML from a handler that does nothing else.
      floor = await nestPageFloor(page.text);
      const floorPage = await measure('empty Nest page route', { url: floor.url, connections: CONNECTIONS, ok: (s) => s === 200 });

      const meRate = { name: 'GET /api/v1/me, same connections', value: round(me.okPerSecond) };
      const meP99 = { name: 'GET /api/v1/me p99', value: round(percentile(me.okLatenciesMs, 99)) };
      return [
        { name: 'GET /account (signed in)', value: round(accountPage.okPerSecond), unit: 'req/s', baseline: meRate },
        { name: 'GET /account rate / GET /me rate', value: round(accountPage.okPerSecond / me.okPerSecond, 2), unit: '×', target: { op: '>=', value: 0.5 } },
        { name: 'the same HTML from an empty Nest route (Nest on Express, TLS)', value: round(floorPage.okPerSecond), unit: 'req/s', baseline: meRate },
        { name: 'empty Nest page route rate / GET /me rate (the ceiling of the ratio above)', value: round(floorPage.okPerSecond / me.okPerSecond, 2), unit: '×' },
        { name: 'empty Nest page route p99', value: round(percentile(floorPage.okLatenciesMs, 99)), unit: 'ms', baseline: meP99 },
        { name: 'GET /account p50', value: round(percentile(accountPage.okLatenciesMs, 50)), unit: 'ms', baseline: { name: 'GET /api/v1/me p50', value: round(percentile(me.okLatenciesMs, 50)) } },
        { name: 'GET /account p99', value: round(percentile(accountPage.okLatenciesMs, 99)), unit: 'ms', target: { op: '<', value: 100 }, baseline: meP99 },
        { name: 'GET /api/v1/me', value: round(me.okPerSecond), unit: 'req/s' },
        { name: 'GET /api/v1/me p99', value: meP99.value, unit: 'ms' },
        { name: 'account page + stylesheet + script, gzip', value: round(compressedBytes / 1000, 2), unit: 'kB', target: { op: '<', value: WEIGHT_TARGET_KB } },
        { name: 'account page + stylesheet + script, uncompressed', value: round(rawBytes / 1000, 2), unit: 'kB' },
        { name: 'third-party URLs in the page and stylesheet', value: foreign.length, unit: 'URLs', target: { op: '<', value: 1 } },
        { name: 'non-200 answers and errors (account page)', value: round(accountPage.failedShare * 100, 2), unit: '%', target: { op: '<', value: 1 } },
      ];
    } finally {
      if (floor) await floor.child.stop();
      await platform.stop();
    }
  },
};
