import type { Language } from '@sargs/contracts';

/**
 * `__Host-` binds the cookie to this exact host over HTTPS with Path=/ (no subdomain can set or
 * shadow it); HttpOnly keeps it from scripts; SameSite=Lax keeps it off cross-site writes.
 */
export const SESSION_COOKIE = '__Host-sid';
export const LANGUAGE_COOKIE = 'lang';

const ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Lax';

/** RFC 6265 cookie-octets: what may stand in a cookie value without quoting. */
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]{1,1024}$/;

export function isCookieValue(value: string): boolean {
  return COOKIE_VALUE.test(value);
}

/**
 * Cookie header to name/value pairs. The first of a repeated name wins (browsers send the most
 * specific first); pairs without `=` and quoted values are handled as RFC 6265 describes.
 */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export function sessionCookie(token: string, maxAgeSeconds: number): string {
  if (!isCookieValue(token)) throw new Error('session token is not a valid cookie value');
  return `${SESSION_COOKIE}=${token}; ${ATTRIBUTES}; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`;
}

/** Same name and attributes with Max-Age=0: the browser drops the cookie. */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; ${ATTRIBUTES}; Max-Age=0`;
}

/** A year: the interface language is a lasting preference, not a session. */
export const LANGUAGE_COOKIE_MAX_AGE = 31_536_000;

/**
 * The interface language (R8: the only cookie besides the session). Not HttpOnly on purpose: it
 * holds nothing secret or personal (`lv` or `en`) and a page's scripts may read it to render in
 * that language. Secure and SameSite=Lax like the session; no `__Host-` prefix, since docs/api.md
 * names it `lang`, but Path=/ and no Domain, so it stays on this host.
 */
export function languageCookie(language: Language): string {
  return `${LANGUAGE_COOKIE}=${language}; Path=/; Secure; SameSite=Lax; Max-Age=${LANGUAGE_COOKIE_MAX_AGE}`;
}
