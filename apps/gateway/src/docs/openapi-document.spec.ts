import { ROUTE_TABLE } from '../routing/route-table';
import { buildOpenApiDocument } from './openapi-document';

type Json = Record<string, unknown>;
const at = (value: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (v as Json | undefined)?.[k], value);

describe('OpenAPI document', () => {
  const document = buildOpenApiDocument(ROUTE_TABLE, { bodyLimitBytes: 65_536 });
  const operation = (method: string, path: string) => at(document.paths, path, method.toLowerCase()) as Json | undefined;

  it('lists every route of the table under /api/v1, with its path parameters', () => {
    const missing = ROUTE_TABLE.filter((row) => !operation(row.method, `/api/v1${row.path.replace(/:(\w+)/g, '{$1}')}`));
    expect(missing).toEqual([]);
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item));
    expect(operations.length).toBe(ROUTE_TABLE.length);
    expect(at(operation('DELETE', '/api/v1/sessions/{id}'), 'parameters')).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9._~-]+$' } },
    ]);
    const ids = Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => (op as Json).operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents the sign-up body from the contract', () => {
    const schema = at(operation('POST', '/api/v1/accounts'), 'requestBody', 'content', 'application/json', 'schema') as Json;
    expect(Object.keys(schema.properties as Json).sort()).toEqual(['acceptedPolicyVersion', 'email', 'language', 'marketingEmails', 'name', 'password']);
    expect((schema.required as string[]).sort()).toEqual(['acceptedPolicyVersion', 'email', 'name', 'password']);
    expect(at(schema, 'properties', 'language', 'enum')).toEqual(['lv', 'en']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('documents the cookie, the problem answers and where each applies', () => {
    expect(at(document, 'components', 'securitySchemes', 'sessionCookie')).toMatchObject({ type: 'apiKey', in: 'cookie', name: '__Host-sid' });
    const signUp = at(operation('POST', '/api/v1/accounts'), 'responses') as Json;
    expect(Object.keys(signUp).sort()).toEqual(['202', '403', '413', '415', '422', '429', '502', '503', '504']);
    expect(at(signUp, '415', 'content', 'application/problem+json', 'schema')).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(at(signUp, '429', 'headers', 'Retry-After')).toBeDefined();
    expect(at(operation('POST', '/api/v1/accounts'), 'security')).toEqual([]);

    const sessions = operation('GET', '/api/v1/sessions') as Json;
    expect(sessions.security).toEqual([{ sessionCookie: [] }]);
    expect(Object.keys(sessions.responses as Json)).toEqual(expect.arrayContaining(['200', '401', '429']));
    expect(Object.keys(sessions.responses as Json)).not.toContain('403');
    expect(Object.keys(sessions.responses as Json)).not.toContain('415');

    const staff = at(operation('POST', '/api/v1/admin/accounts/{id}/closure'), 'responses') as Json;
    expect(Object.keys(staff)).toEqual(expect.arrayContaining(['202', '401', '403', '404']));
    expect(at(operation('POST', '/api/v1/sessions'), 'responses', '200', 'headers', 'Set-Cookie')).toBeDefined();
    expect(at(operation('GET', '/api/v1/me'), 'responses', '200', 'content', 'application/json', 'schema', 'required')).toEqual(
      expect.arrayContaining(['id', 'email', 'name', 'language', 'roles', 'emailVerified', 'createdAt', 'passwordChangedAt']),
    );
  });

  it('documents the profile routes and the language preference with its optional session and cookie', () => {
    const patch = operation('PATCH', '/api/v1/me/profile') as Json;
    expect(Object.keys(at(patch, 'requestBody', 'content', 'application/json', 'schema', 'properties') as Json).sort()).toEqual(['language', 'name']);
    expect(at(patch, 'responses', '200', 'content', 'application/json', 'schema', 'required')).toEqual(expect.arrayContaining(['name', 'email', 'language']));
    expect(Object.keys(at(operation('POST', '/api/v1/me/email-change'), 'requestBody', 'content', 'application/json', 'schema', 'properties') as Json).sort()).toEqual([
      'newEmail',
      'password',
    ]);
    expect(Object.keys(at(operation('POST', '/api/v1/me/email-change/confirm'), 'responses') as Json)).toEqual(expect.arrayContaining(['204', '400', '401', '403', '409', '422']));

    const language = operation('PUT', '/api/v1/preferences/language') as Json;
    expect(language.security).toEqual([{}, { sessionCookie: [] }]);
    expect(at(language, 'requestBody', 'content', 'application/json', 'schema', 'properties', 'language', 'enum')).toEqual(['lv', 'en']);
    expect(at(language, 'responses', '204', 'headers', 'Set-Cookie')).toBeDefined();
    expect(Object.keys(at(language, 'responses') as Json)).toEqual(expect.arrayContaining(['204', '403', '415', '422', '429']));
    expect(Object.keys(at(language, 'responses') as Json)).not.toContain('401');
  });

  it('leaves the probes and metrics out: they are not on the public port (MANAGEMENT_PORT)', () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) expect(operation('GET', path)).toBeUndefined();
  });
});
