import type { RouteRow } from '@sargs/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  HeaderObject,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { PROBLEM_CONTENT_TYPE } from '@sargs/platform/service/http';
import { WRITE_METHODS } from '../edge/origin-check';
import { API_PREFIX } from '../routing/route';
import { LANGUAGE_COOKIE, LANGUAGE_COOKIE_MAX_AGE, SESSION_COOKIE } from '../sessions/session-cookie';

const SESSION_SCHEME = 'sessionCookie';
const PROBLEM_REF = '#/components/schemas/Problem';
const PARAM_PATTERN = '^[A-Za-z0-9._~-]+$';

/** The contract's zod schema as OpenAPI 3.0 JSON Schema, inline (input side: what clients send). */
export function jsonSchemaOf(schema: ZodTypeAny): SchemaObject {
  const converted = zodToJsonSchema(schema, { target: 'openApi3', $refStrategy: 'none' }) as Record<string, unknown>;
  delete converted.$schema;
  delete converted.definitions;
  return converted as SchemaObject;
}

const problemSchema: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details; the one shape of every error.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    title: { type: 'string', example: 'Unprocessable Entity' },
    status: { type: 'integer', example: 422 },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      description: 'The fields that were wrong, when the problem is with the input.',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const problem = (description: string, headers?: Record<string, HeaderObject>): ResponseObject => ({
  description,
  ...(headers ? { headers } : {}),
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: PROBLEM_REF } } },
});

const retryAfter: Record<string, HeaderObject> = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
};

const setCookie = (description: string): Record<string, HeaderObject> => ({ 'Set-Cookie': { description, schema: { type: 'string' } } });

/** `/sessions/:id` → `/api/v1/sessions/{id}` and its path parameters. */
function openApiPath(row: RouteRow): { path: string; parameters: ParameterObject[] } {
  const parameters: ParameterObject[] = [];
  const path = row.path.replace(/:([A-Za-z][A-Za-z0-9]*)/g, (_, name: string) => {
    parameters.push({ name, in: 'path', required: true, schema: { type: 'string', pattern: PARAM_PATTERN } });
    return `{${name}}`;
  });
  return { path: `${API_PREFIX}${path}`, parameters };
}

/** The answers a row can give: its own, then those every route of its kind can give. */
function responsesOf(row: RouteRow, hasParams: boolean, bodyLimitBytes: number): Record<string, ResponseObject> {
  const responses: Record<string, ResponseObject> = {};
  for (const [status, answer] of Object.entries(row.responses)) {
    const code = Number(status);
    // Other content types the row produces (the unsubscribe page) are documented as text.
    const others = Object.fromEntries((row.produces ?? []).map((type) => [type, { schema: { type: 'string' } as SchemaObject }]));
    if (answer.schema) {
      responses[status] = { description: answer.description, content: { 'application/json': { schema: jsonSchemaOf(answer.schema) }, ...others } };
    } else if (row.produces && code < 500) {
      responses[status] = { description: answer.description, content: others };
    } else {
      responses[status] = code >= 400 ? problem(answer.description) : { description: answer.description };
    }
  }
  if (row.special === 'create-session' && responses['200']) {
    responses['200'].headers = setCookie(`\`${SESSION_COOKIE}=<token>; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=<seconds>\``);
  }
  if (row.special === 'end-session' && responses['204']) {
    responses['204'].headers = setCookie(`\`${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0\``);
  }
  if (row.special === 'set-language' && responses['204']) {
    responses['204'].headers = setCookie(
      `\`${LANGUAGE_COOKIE}=<lv|en>; Path=/; Secure; SameSite=Lax; Max-Age=${LANGUAGE_COOKIE_MAX_AGE}\` (and \`${SESSION_COOKIE}=; …; Max-Age=0\` when the session cookie sent names no live session)`,
    );
  }
  const write = WRITE_METHODS.has(row.method);
  const add = (status: number, response: ResponseObject) => (responses[String(status)] ??= response);
  if (row.access !== 'public') add(401, problem('No session cookie, or the session is invalid or has ended (the cookie is cleared)'));
  if (row.tenant) {
    const roles = `a member with the ${row.tenant.roles.join(' or ')} role`;
    add(403, problem(write ? `Not ${roles} of the organisation, or Origin missing or not allowed` : `Not ${roles} of the organisation`));
    add(404, problem('No such organisation: the same answer for an id that is no organisation\'s and for one whose members do not include the caller'));
  }
  if (row.access === 'staff') add(403, problem(write ? 'Not staff (admin or dpo), or Origin missing or not allowed' : 'Not staff (admin or dpo)'));
  else if (write && row.optionalSession) add(403, problem('Origin of another site, or no Origin on a write that carries the session cookie'));
  else if (write) add(403, problem(row.access === 'public' ? 'Origin of another site' : 'Origin missing or not allowed'));
  if (hasParams) add(404, problem('No such resource'));
  if (row.body !== 'none') {
    add(413, problem(`Body larger than ${bodyLimitBytes} bytes`));
    add(415, problem(row.body === 'json' ? 'Body is not application/json' : 'Body is neither application/x-www-form-urlencoded nor multipart/form-data'));
  }
  if (row.body === 'json') add(422, problem('Body is not valid JSON, or a field has the wrong shape (named in `errors`)'));
  add(429, problem('Too many requests from this address', retryAfter));
  add(502, problem('The service gave an invalid answer'));
  add(503, problem('The service is unavailable', retryAfter));
  add(504, problem('The service did not answer in time'));
  return responses;
}

function operationOf(row: RouteRow, bodyLimitBytes: number): { path: string; operation: OperationObject } {
  const { path, parameters } = openApiPath(row);
  for (const [name, query] of Object.entries(row.query ?? {})) {
    parameters.push({
      name,
      in: 'query',
      required: query.required ?? false,
      description: query.description,
      schema: query.schema ? jsonSchemaOf(query.schema) : { type: 'string' },
    });
  }
  const hasPathParams = parameters.some((p) => p.in === 'path');
  const notes = [
    row.description,
    row.access === 'staff' ? 'Needs a session with role `admin` or `dpo`.' : undefined,
    row.tenant ? `Needs a session whose account is a member of the organisation \`:id\` with the role ${row.tenant.roles.map((r) => `\`${r}\``).join(' or ')}.` : undefined,
    row.rateLimit === 'sensitive' ? 'Rate-limited more strictly per client address.' : undefined,
  ].filter((note): note is string => note !== undefined);
  const { requestSchema } = row;
  const mediaTypes = row.body === 'form' ? ['application/x-www-form-urlencoded', 'multipart/form-data'] : ['application/json'];
  const operation: OperationObject = {
    operationId: `${row.method.toLowerCase()}${row.path.replace(/[/:]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '')}`,
    summary: row.summary,
    ...(notes.length > 0 ? { description: notes.join('\n\n') } : {}),
    tags: [row.access === 'staff' ? 'staff' : row.tenant ? 'organisations' : row.service],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestSchema ? { requestBody: { required: true, content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: jsonSchemaOf(requestSchema) }])) } } : {}),
    responses: responsesOf(row, hasPathParams, row.bodyLimitBytes ?? bodyLimitBytes),
    // An optional session: either no security at all, or the session cookie.
    security: row.access !== 'public' ? [{ [SESSION_SCHEME]: [] }] : row.optionalSession ? [{}, { [SESSION_SCHEME]: [] }] : [],
  };
  return { path, operation };
}

/**
 * The OpenAPI 3 document of the public API, made from the route table (and the contract's zod
 * schemas), so the document cannot list a route the gateway does not serve or miss one it does.
 */
export function buildOpenApiDocument(routes: readonly RouteRow[], options: { bodyLimitBytes: number }): OpenAPIObject {
  const paths: Record<string, PathItemObject> = {};
  for (const row of routes) {
    const { path, operation } = operationOf(row, options.bodyLimitBytes);
    const item = (paths[path] ??= {});
    item[row.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'] = operation;
  }

  return {
    openapi: '3.0.3',
    info: {
      title: 'Sargs public API',
      version: '1',
      description: [
        'Everything public is below `/api/v1`, JSON in and out; every error is `application/problem+json`.',
        `Browsers authenticate with the session cookie \`${SESSION_COOKIE}\` that \`POST /api/v1/sessions\` sets.`,
        'Cookie-authenticated writes must carry an `Origin` equal to the public origin.',
        'Language: cookie `lang` (`lv` or `en`), else the account\'s language, else `Accept-Language`.',
      ].join('\n\n'),
    },
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        [SESSION_SCHEME]: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /api/v1/sessions; HttpOnly, Secure, SameSite=Lax.' },
      },
    },
  };
}
