import type { IncomingMessage } from 'node:http';
import type { Language } from '@sargs/contracts';

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One call of the public API, made for a page on behalf of the browser that asked for it. */
export interface ApiCall {
  method: ApiMethod;
  /** Below /api/v1, with its query string, e.g. `/me` or `/admin/audit?limit=50`. */
  path: string;
  /** Sent as JSON; absent means no body. */
  body?: unknown;
  /** Sent as application/x-www-form-urlencoded instead (e.g. RFC 8058's `List-Unsubscribe=One-Click`). */
  form?: Record<string, string>;
}

/** The API's answer as the page needs it: status, parsed JSON, and what the browser must get. */
export interface ApiAnswer {
  status: number;
  body: unknown;
  /** Set-Cookie headers the pipeline made (session, language): passed on to the browser. */
  setCookies: string[];
  retryAfter?: string;
  link?: string;
}

export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * What the pages need from the gateway, which owns the API pipeline: calls go through the very
 * pipeline /api/v1 uses (rate limits by the real client address, the Origin check, the session,
 * the signed assertion), in process. The web library never sees a cookie's value.
 */
export interface WebGateway {
  readonly publicOrigin: string;
  /** Staff routes need a session that gave a second factor (the gateway's STAFF_MFA_REQUIRED). */
  readonly staffSecondFactorRequired: boolean;
  call(req: IncomingMessage, call: ApiCall): Promise<ApiAnswer>;
  /** The API's global per-client limit, for a page request that makes no API call of its own. */
  admit(req: IncomingMessage): Admission;
  /** The `lang` cookie when it names a language we speak. */
  cookieLanguage(req: IncomingMessage): Language | undefined;
  /** The first language we speak in Accept-Language. */
  acceptedLanguage(req: IncomingMessage): Language | undefined;
  /** Whether the browser sent a session cookie at all (live or not: only the API can tell). */
  hasSessionCookie(req: IncomingMessage): boolean;
}

export const WEB_GATEWAY = Symbol('WEB_GATEWAY');
