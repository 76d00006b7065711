import type { RouteBody } from '@sargs/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import { MULTIPART, URLENCODED } from './form-body';

export type BodyProblem = { status: 415 | 422; detail: string; errors?: { field: string; message: string }[] };

/** The media types each kind of body may come as (a form: URL-encoded, or multipart per RFC 8058). */
const MEDIA_TYPES: Record<Exclude<RouteBody, 'none'>, readonly string[]> = {
  json: ['application/json'],
  form: [URLENCODED, MULTIPART],
};

/**
 * Whether a declared body has a media type the route takes. Parameters other than charset=utf-8
 * (and a multipart body's boundary) are refused: the services read UTF-8 only, and an unexpected
 * charset is a way to slip content past validation.
 */
export function checkMediaType(kind: RouteBody, headers: IncomingHttpHeaders): BodyProblem | undefined {
  if (kind === 'none') return undefined;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    return { status: 415, detail: 'Compressed request bodies are not accepted' };
  }
  const expected = MEDIA_TYPES[kind];
  const [type = '', ...params] = (headers['content-type'] ?? '').split(';').map((part) => part.trim().toLowerCase());
  const paramsOk = params.every((p) => p === '' || /^charset="?utf-8"?$/.test(p) || (type === MULTIPART && p.startsWith('boundary=')));
  const boundaryOk = type !== MULTIPART || params.some((p) => p.startsWith('boundary='));
  if (!expected.includes(type) || !paramsOk || !boundaryOk) return { status: 415, detail: `Request body must be ${expected.join(' or ')}` };
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A JSON body must parse (as UTF-8) before it is forwarded: 422 naming `body` otherwise. */
export function checkJson(bytes: Buffer): BodyProblem | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(bytes));
  } catch {
    return { status: 422, detail: 'Request body is not valid JSON', errors: [{ field: 'body', message: 'is not valid JSON' }] };
  }
  // Every body of the API is an object or a list. A bare string or number never reaches a
  // service, whose JSON parser would quote it back in its error (a password sent as `"…"`).
  if (typeof parsed !== 'object' || parsed === null) {
    return { status: 422, detail: 'Request body must be a JSON object', errors: [{ field: 'body', message: 'must be a JSON object' }] };
  }
  return undefined;
}
