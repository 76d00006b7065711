import type { ServerResponse } from 'node:http';
import { API_PREFIX, type UpstreamService } from '../routing/route';
import { sendBody, sendProblem, type ExtraHeaders } from '../edge/reply';
import type { UpstreamAnswer } from './forwarder';
import { failureStatus, UpstreamFailure } from './upstream-failure';

const JSON_TYPES = ['application/json', 'application/problem+json'];

/**
 * Answer headers a client may see. Everything else stays inside, Set-Cookie above all: the gateway
 * alone decides which cookies the public origin sets. Content-Disposition names a download's file
 * (the data export, R11).
 */
const PASSED_HEADERS = ['retry-after', 'cache-control', 'etag', 'link', 'vary', 'content-disposition'] as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

const mediaType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0].trim().toLowerCase();

/** A header's first value. */
export const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * Whether a service's answer may go to the client as it is. A 5xx, a body that is not what the
 * route produces, or JSON that does not parse becomes a failure: the client gets a 502 (503 when
 * the service said it is unavailable) and none of the service's words, which may hold internals.
 */
export function checkAnswer(service: UpstreamService, answer: UpstreamAnswer, produces: readonly string[] = []): UpstreamFailure | undefined {
  if (answer.status === 503) return new UpstreamFailure(service, 'unavailable', 'answered 503');
  if (answer.status < 200 || answer.status >= 500) return new UpstreamFailure(service, 'bad-answer', `answered ${answer.status}`);
  if (answer.body.length === 0 || answer.status === 204 || answer.status === 304) return undefined;
  const type = mediaType(single(answer.headers['content-type']));
  if (JSON_TYPES.includes(type)) {
    try {
      JSON.parse(utf8.decode(answer.body));
      return undefined;
    } catch {
      return new UpstreamFailure(service, 'bad-answer', 'invalid JSON');
    }
  }
  return produces.includes(type) ? undefined : new UpstreamFailure(service, 'bad-answer', `content type ${type || 'missing'}`);
}

/** The answer's JSON body, or a bad-answer failure. Call after checkAnswer. */
export function jsonBody(service: UpstreamService, answer: UpstreamAnswer): unknown {
  try {
    return JSON.parse(utf8.decode(answer.body));
  } catch {
    throw new UpstreamFailure(service, 'bad-answer', 'invalid JSON');
  }
}

/** Headers of a service's answer that pass to the client; a Location path is made public. */
export function passedHeaders(answer: UpstreamAnswer): ExtraHeaders {
  const headers: ExtraHeaders = {};
  for (const name of PASSED_HEADERS) {
    const value = single(answer.headers[name]);
    if (value !== undefined) headers[name] = value;
  }
  // A paged list links its next page by the service's own path (`</admin/audit?…>`): made public.
  const link = headers.link;
  if (typeof link === 'string') headers.link = link.replace(/<\/(?!\/)/gu, `<${API_PREFIX}/`);
  const location = single(answer.headers.location);
  // Only a path on this origin: an absolute URL could only name an internal host.
  if (location?.startsWith('/') && !location.startsWith('//')) headers.location = `${API_PREFIX}${location}`;
  return headers;
}

export function sendFailure(res: ServerResponse, failure: UpstreamFailure, headers: ExtraHeaders = {}): void {
  const { status, detail } = failureStatus(failure);
  sendProblem(res, status, detail, { headers });
}

/**
 * Relays a service's answer (status, body, content type, allowed headers), or the failure it is;
 * returns that failure, for the log.
 */
export function relayAnswer(
  res: ServerResponse,
  service: UpstreamService,
  answer: UpstreamAnswer,
  options: { produces?: readonly string[]; headers?: ExtraHeaders } = {},
): UpstreamFailure | undefined {
  const failure = checkAnswer(service, answer, options.produces);
  if (failure) {
    const retryAfter = failure.kind === 'unavailable' ? single(answer.headers['retry-after']) : undefined;
    sendFailure(res, failure, { ...options.headers, ...(retryAfter && /^\d{1,6}$/.test(retryAfter) ? { 'retry-after': retryAfter } : {}) });
    return failure;
  }
  sendBody(res, answer.status, single(answer.headers['content-type']), answer.body, { ...passedHeaders(answer), ...options.headers });
  return undefined;
}
