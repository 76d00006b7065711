import type { IncomingMessage, ServerResponse } from 'node:http';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Language } from '@sargs/contracts';
import { commonMessages, type CommonMessages } from '../i18n/common.messages';
import { localiseFieldMessage } from '../i18n/api-field-messages';
import type { ApiAnswer, ApiCall, WebGateway } from '../web-gateway.port';
import { FormInput, type FieldErrors } from './form-input';
import { PageError } from './page-error';
import { isStaff, type Viewer } from './viewer';

const DEFAULT_LANGUAGE: Language = 'en';

/** A problem+json body's named fields, when it has any. */
function problemErrors(body: unknown): Array<{ field: string; message: string }> {
  const errors = body !== null && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
  return Array.isArray(errors) ? errors.filter((e): e is { field: string; message: string } => typeof e?.field === 'string' && typeof e?.message === 'string') : [];
}

/**
 * One page request: who is asking (the viewer, from GET /me through the pipeline), in which
 * language, and the one way a page calls the API, answers with HTML, or redirects. Cookies the
 * pipeline sets on the way (login, logout, language, a cleared stale session) reach the browser
 * with whatever the page answers.
 */
export class PageContext {
  private viewerLoad?: Promise<Viewer | undefined>;
  private readonly cookies: string[] = [];
  language: Language = DEFAULT_LANGUAGE;
  /** The viewer as open() found them, for the layout (which renders synchronously). */
  signedIn?: Viewer;
  readonly form: FormInput;

  constructor(
    readonly req: IncomingMessage & { body?: unknown; query?: unknown },
    readonly res: ServerResponse,
    private readonly gateway: WebGateway,
  ) {
    this.form = new FormInput(req.body);
  }

  /**
   * Who is signed in (the layout shows it on every page), and the language: the lang cookie, else
   * the account's language, else Accept-Language (docs/api.md), else English.
   */
  async open(): Promise<void> {
    const viewer = await this.viewer();
    this.signedIn = viewer;
    this.language = this.gateway.cookieLanguage(this.req) ?? viewer?.language ?? this.gateway.acceptedLanguage(this.req) ?? DEFAULT_LANGUAGE;
  }

  get t(): CommonMessages {
    return commonMessages[this.language];
  }

  /** The path and query this page was asked with: where the language switch comes back to. */
  get here(): string {
    return this.req.url ?? '/';
  }

  /** Whether the browser sent a session cookie at all (live or not: only the API can tell). */
  get hasSessionCookie(): boolean {
    return this.gateway.hasSessionCookie(this.req);
  }

  query(name: string): string {
    const value = this.req.query !== null && typeof this.req.query === 'object' ? (this.req.query as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string' ? value : '';
  }

  /** The signed-in person, or undefined (no cookie, or one naming no live session). */
  viewer(): Promise<Viewer | undefined> {
    if (!this.gateway.hasSessionCookie(this.req)) return Promise.resolve(undefined);
    this.viewerLoad ??= this.call({ method: 'GET', path: '/me' }).then((answer) => (answer.status === 200 ? (answer.body as Viewer) : undefined));
    return this.viewerLoad;
  }

  /** A page for signed-in people: without a session, off to the login page (and back after). */
  async requireViewer(): Promise<Viewer> {
    const viewer = await this.viewer();
    if (!viewer) throw new PageError(401, 'session-ended');
    return viewer;
  }

  /** A staff page: the 403 page for everyone who is signed in without the admin or dpo role. */
  async requireStaff(): Promise<Viewer> {
    const viewer = await this.requireViewer();
    if (!isStaff(viewer)) throw new PageError(403, 'forbidden-staff');
    // Staff without any second factor could not have given one: say how to get in, not just "no".
    if (this.gateway.staffSecondFactorRequired && !viewer.mfa.totp && viewer.mfa.passkeys === 0) throw new PageError(403, 'second-factor-required');
    return viewer;
  }

  /**
   * The API through the gateway's pipeline. Throttling (429) and outages (5xx) become their error
   * pages here; every other answer is the caller's to read.
   */
  async call(call: ApiCall): Promise<ApiAnswer> {
    const answer = await this.gateway.call(this.req, call);
    this.cookies.push(...answer.setCookies);
    if (answer.status === 429) throw new PageError(429, 'too-many', Number(answer.retryAfter) || 60);
    if (answer.status >= 500) throw new PageError(503, 'unavailable');
    return answer;
  }

  /**
   * A call whose only good answer is a success: 401 sends the person to log in, 403 and 404 are
   * their pages; anything else unexpected is an error page, never a half-drawn one.
   */
  async fetch<T>(call: ApiCall): Promise<T> {
    const answer = await this.call(call);
    if (answer.status >= 200 && answer.status < 300) return answer.body as T;
    throw this.failure(answer);
  }

  /** The error page a refused call leads to. */
  failure(answer: ApiAnswer): PageError {
    if (answer.status === 401) return new PageError(401, 'session-ended');
    if (answer.status === 403) return new PageError(403, 'forbidden');
    if (answer.status === 404) return new PageError(404, 'not-found');
    if (answer.status === 413) return new PageError(413, 'too-large');
    return new PageError(503, 'unavailable');
  }

  /**
   * A refused write's named fields, in this page's language. `fields` maps an API field to the
   * form field that shows it, where the two differ; an error naming no field of the form lands
   * on `fallbackField`.
   */
  fieldErrors(answer: ApiAnswer, fallbackField: string, fields: Record<string, string> = {}): FieldErrors {
    const errors: FieldErrors = {};
    for (const { field, message } of problemErrors(answer.body)) {
      const name = fields[field] ?? field;
      errors[name] ??= localiseFieldMessage(this.language, message, this.t.fieldInvalid);
    }
    if (Object.keys(errors).length === 0) errors[fallbackField] = this.t.fieldInvalid;
    return errors;
  }

  /** Refuses control characters in the named fields before any call (see FormInput). */
  controlCharacterErrors(names: string[], multiline: string[] = []): FieldErrors {
    return Object.fromEntries(this.form.controlCharacters(names, multiline).map((name) => [name, this.t.fieldControlCharacters]));
  }

  /** HTML, never cached: every page may show personal data or a decision about a person. */
  render(page: VNode, status = 200): void {
    const html = `<!DOCTYPE html>${renderToString(page)}`;
    this.res.statusCode = status;
    this.res.setHeader('content-type', 'text/html; charset=utf-8');
    this.res.setHeader('cache-control', 'no-store');
    this.res.setHeader('content-length', Buffer.byteLength(html));
    this.flushCookies();
    this.res.end(html);
  }

  /** A file to save (e.g. a signed certificate): an attachment, never cached, never sniffed. */
  download(filename: string, contentType: string, body: string): void {
    this.res.statusCode = 200;
    this.res.setHeader('content-type', contentType);
    this.res.setHeader('content-disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/gu, '_')}"`);
    this.res.setHeader('cache-control', 'no-store');
    this.res.setHeader('x-content-type-options', 'nosniff');
    this.res.setHeader('content-length', Buffer.byteLength(body));
    this.flushCookies();
    this.res.end(body);
  }

  /** POST, then 303 to a page that shows the outcome (so a reload never posts twice). */
  redirect(location: string): void {
    this.res.statusCode = 303;
    this.res.setHeader('location', location);
    this.res.setHeader('cache-control', 'no-store');
    this.flushCookies();
    this.res.end();
  }

  private flushCookies(): void {
    if (this.cookies.length > 0) this.res.setHeader('set-cookie', this.cookies);
  }
}

/**
 * Only a path on this origin: never `//elsewhere` or `https://elsewhere` (an open redirect), and
 * only printable ASCII (a URL as browsers send it, percent-encoded): a control character or a
 * letter outside Latin-1 cannot go into a `Location` header at all.
 */
export function localPath(candidate: string, fallback = '/'): string {
  return /^\/(?![/\\])[\x21-\x7e]*$/u.test(candidate) ? candidate : fallback;
}
