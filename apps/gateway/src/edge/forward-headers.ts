import type { IncomingHttpHeaders } from 'node:http';
import { CORRELATION_HEADER } from '@sargs/platform/observability';
import { INTERNAL_ASSERTION_HEADER } from '@sargs/platform/auth-assertion';
import { LANGUAGE_HINT_HEADER } from '@sargs/contracts';

const USER_AGENT_MAX = 256;

export interface ForwardContext {
  correlationId: string;
  language?: string;
  assertion: string;
  /** The validated content type, when a body is forwarded. */
  contentType?: string;
  /** The request method: conditional headers go on with reads only. */
  method?: string;
  /** Keep the client's conditional headers here (the gateway's cache wants the whole answer). */
  unconditional?: boolean;
}

/** Longest If-None-Match passed on (a list of a few entity tags). */
const IF_NONE_MATCH_MAX = 512;

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * The only request headers a service sees: an allow-list, so the cookie, credentials, and any
 * x-sargs-* header a client made up (a forged assertion, a language) never reach a service.
 */
export function forwardHeaders(incoming: IncomingHttpHeaders, context: ForwardContext): Record<string, string> {
  const headers: Record<string, string> = {
    [INTERNAL_ASSERTION_HEADER]: context.assertion,
    [CORRELATION_HEADER]: context.correlationId,
  };
  const accept = first(incoming.accept);
  if (accept) headers.accept = accept.slice(0, USER_AGENT_MAX);
  const userAgent = first(incoming['user-agent']);
  if (userAgent) headers['user-agent'] = userAgent.slice(0, USER_AGENT_MAX);
  if (context.language) headers[LANGUAGE_HINT_HEADER] = context.language;
  if (context.contentType) headers['content-type'] = context.contentType;
  // Revalidation of cacheable reads (the policy documents' ETags): the service answers 304.
  const ifNoneMatch = first(incoming['if-none-match']);
  if (ifNoneMatch && !context.unconditional && (context.method === 'GET' || context.method === 'HEAD') && ifNoneMatch.length <= IF_NONE_MATCH_MAX) {
    headers['if-none-match'] = ifNoneMatch;
  }
  return headers;
}
