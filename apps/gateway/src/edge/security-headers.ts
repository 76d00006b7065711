import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { isPagePath } from '@sargs/web';

/** Where Swagger UI lives: its page needs scripts, styles and images from this origin. */
export const DOCS_PATH = '/api/docs';

const HSTS = { maxAge: 63_072_000, includeSubDomains: true, preload: false };

/**
 * helmet's defaults plus a long HSTS: browsers only ever come back over HTTPS (R7). The API
 * answers JSON only, so its CSP allows nothing at all to load or frame it.
 */
const apiHeaders = helmet({
  strictTransportSecurity: HSTS,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
  },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  xFrameOptions: { action: 'deny' },
});

/**
 * The documentation page: Swagger UI's own scripts, styles and icons from 'self' (its page has
 * inline <style> blocks, hence 'unsafe-inline' for styles only); no inline script, nothing from
 * elsewhere, no framing.
 */
const docsHeaders = helmet({
  strictTransportSecurity: HSTS,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  xFrameOptions: { action: 'deny' },
});

/** The one HTML page of the API: the one-click unsubscribe confirmation (RFC 8058). */
export const UNSUBSCRIBE_PATH = '/api/v1/unsubscribe';

/**
 * The unsubscribe page: plain HTML with no script, style, image or font, so it keeps the API's
 * `default-src 'none'`; the only thing it may do is post its form back to this origin. Its
 * referrer policy is `same-origin`, not `no-referrer`: under `no-referrer` a browser posts the
 * form with `Origin: null`, which the edge refuses as a foreign origin; `same-origin` still sends
 * nothing (the URL holds the token) to any other site.
 */
const unsubscribeHeaders = helmet({
  strictTransportSecurity: HSTS,
  referrerPolicy: { policy: 'same-origin' },
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'self'"], frameAncestors: ["'none'"] },
  },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  xFrameOptions: { action: 'deny' },
});

/**
 * The web pages: the one stylesheet and script from this origin, no inline code or style of any
 * kind, forms that post only back here, fetches (live counters) only to here, never framed.
 * `same-origin` referrers, so a form post carries the Origin the CSRF check needs.
 */
const pageHeaders = helmet({
  strictTransportSecurity: HSTS,
  referrerPolicy: { policy: 'same-origin' },
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  xFrameOptions: { action: 'deny' },
});

type HelmetMiddleware = ReturnType<typeof helmet>;
type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

/**
 * The headers a helmet configuration sets, read once from a stand-in response. None of ours
 * depends on the request (no nonces, no per-request directives), and helmet rebuilds its CSP
 * string and walks a chain of twelve middlewares on every call: on a cached public read that
 * chain was about a thirteenth of the gateway's CPU (docs/performance.md, "Policy read").
 */
export function headersOf(middleware: HelmetMiddleware): HeaderList {
  const headers: Array<readonly [string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let done = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    done = true;
  });
  // helmet answers synchronously; a version that did not would leave these headers incomplete.
  if (!done) throw new Error('helmet did not call next() synchronously');
  return headers;
}

const API_HEADERS = headersOf(apiHeaders);
const DOCS_HEADERS = headersOf(docsHeaders);
const UNSUBSCRIBE_HEADERS = headersOf(unsubscribeHeaders);
const PAGE_HEADERS = headersOf(pageHeaders);

export function securityHeaders(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void {
  const path = (req.url ?? '/').split('?')[0];
  const isDocs = path === DOCS_PATH || path.startsWith(`${DOCS_PATH}/`);
  const headers = isDocs ? DOCS_HEADERS : path === UNSUBSCRIBE_PATH ? UNSUBSCRIBE_HEADERS : isPagePath(path) ? PAGE_HEADERS : API_HEADERS;
  for (const [name, value] of headers) res.setHeader(name, value);
  next();
}
