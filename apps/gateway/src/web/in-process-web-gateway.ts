import type { IncomingMessage } from 'node:http';
import { inject } from 'light-my-request';
import { CORRELATION_HEADER } from '@sargs/platform/observability';
import type { Admission, ApiAnswer, ApiCall, WebGateway } from '@sargs/web';
import { languageHint } from '../edge/language-hint';
import type { ApiPipeline } from '../pipeline/api-pipeline';
import { API_PREFIX } from '../routing/route';
import { LANGUAGE_COOKIE, parseCookies, SESSION_COOKIE } from '../sessions/session-cookie';

/** What a page's API call carries over from the browser's own request, and nothing else. */
const CARRIED_HEADERS = ['cookie', 'origin', 'user-agent', 'accept-language', 'x-forwarded-for', CORRELATION_HEADER] as const;

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The pages' way into the API: each call is dispatched in process (light-my-request) through the
 * same ApiPipeline as /api/v1, as the browser's own request (its cookies, Origin, client address
 * and forwarded-for chain), so rate limits, the CSRF check and the session apply unchanged.
 */
export class InProcessWebGateway implements WebGateway {
  constructor(
    private readonly pipeline: ApiPipeline,
    readonly publicOrigin: string,
    readonly staffSecondFactorRequired: boolean,
  ) {}

  async call(req: IncomingMessage, call: ApiCall): Promise<ApiAnswer> {
    const headers: Record<string, string> = {};
    for (const name of CARRIED_HEADERS) {
      const value = header(req.headers[name]);
      if (value !== undefined) headers[name] = value;
    }
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const answer = await inject((request, response) => void this.pipeline.handle(request, response), {
      method: call.method,
      url: `${API_PREFIX}${call.path}`,
      headers,
      remoteAddress: req.socket.remoteAddress,
      payload: call.form !== undefined ? new URLSearchParams(call.form).toString() : call.body === undefined ? undefined : JSON.stringify(call.body),
    });
    const contentType = String(answer.headers['content-type'] ?? '');
    const setCookie = answer.headers['set-cookie'];
    return {
      status: answer.statusCode,
      body: /json/u.test(contentType) && answer.payload ? answer.json() : undefined,
      setCookies: setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [String(setCookie)],
      retryAfter: header(answer.headers['retry-after'] as string | undefined),
      link: header(answer.headers['link'] as string | undefined),
    };
  }

  admit(req: IncomingMessage): Admission {
    return this.pipeline.admit(req);
  }

  cookieLanguage(req: IncomingMessage) {
    return languageHint(parseCookies(req.headers.cookie).get(LANGUAGE_COOKIE), undefined);
  }

  acceptedLanguage(req: IncomingMessage) {
    return languageHint(undefined, header(req.headers['accept-language']));
  }

  hasSessionCookie(req: IncomingMessage): boolean {
    return Boolean(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
  }
}
