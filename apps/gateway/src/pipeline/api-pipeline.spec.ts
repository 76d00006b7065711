import type { RouteRow } from '@sargs/contracts';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { INTERNAL_ASSERTION_HEADER, verifyAssertion } from '@sargs/platform/auth-assertion';
import { createLogger, type Logger } from '@sargs/platform/observability';
import { json, send, startFakeService, type FakeService } from '../../test/support/fake-service';
import { ROUTE_TABLE } from '../routing/route-table';
import { sessionTokenHash } from '../sessions/session-resolver';
import type { ServerResponse } from 'node:http';
import { MembershipCache } from '../tenancy/membership-cache';
import { buildApiPipeline, createMembershipChangeSubscription, createUpstreamPools, type PipelineConfig } from './build-pipeline';

const keys = generateKeyPairSync('ed25519');
const ORIGIN = 'https://sargs.test';
const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const ACCOUNT = {
  id: '9b1f1d8e-2d55-4f7b-9d3c-5a1b2c3d4e5f',
  email: 'anna@example.com',
  roles: ['user'],
  emailVerified: true,
  createdAt: '2025-01-01T00:00:00.000Z',
  passwordChangedAt: '2025-01-02T00:00:00.000Z',
  mfa: { totp: true, passkeys: 0 },
};
const SESSION = { sessionId: '5f0c8f5e-8d5a-4b8e-9f62-1f7f4c3f2a10', accountId: ACCOUNT.id, roles: ['user'], secondFactor: 'done', account: ACCOUNT, freshForMs: 60_000 };
const silent = createLogger({ service: 'gateway-test', level: 'silent' });

/** Extra rows that reach a service that is down and one that stalls. */
const TEST_ROWS: RouteRow[] = [
  { method: 'GET', path: '/probe/down', service: 'consent', access: 'public', body: 'none', summary: 'down', responses: {} },
  { method: 'GET', path: '/probe/slow', service: 'profile', access: 'public', body: 'none', summary: 'slow', responses: {} },
  { method: 'POST', path: '/probe/form', service: 'profile', access: 'public', body: 'form', summary: 'form', responses: {} },
  { method: 'GET', path: '/probe-orgs/:id/things', service: 'profile', access: 'session', tenant: { roles: ['owner', 'admin'] }, body: 'none', summary: 'tenant', responses: {} },
  { method: 'POST', path: '/probe/large', service: 'profile', access: 'public', body: 'json', bodyLimitBytes: 4096, summary: 'large', responses: {} },
  { method: 'GET', path: '/probe/document', service: 'profile', access: 'public', body: 'none', summary: 'shareable', responses: {} },
  { method: 'GET', path: '/probe/mine', service: 'profile', access: 'session', body: 'none', summary: 'a session read', responses: {} },
  // organizations' own routes, answered by identity's fake (which also answers the membership lookup).
  { method: 'DELETE', path: '/probe-orgs/:id/members/:accountId', service: 'organizations', access: 'session', tenant: { roles: ['owner', 'admin', 'member'] }, body: 'none', summary: 'tenant write', responses: {} },
  { method: 'POST', path: '/probe-invitations/accept', service: 'organizations', access: 'session', body: 'none', summary: 'write outside a tenant', responses: {} },
];

interface Gateway {
  url: string;
  close(): Promise<void>;
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function gatewayConfig(identity: FakeService, profile: FakeService, down: string, overrides: Partial<PipelineConfig>): PipelineConfig {
  return {
    PUBLIC_ORIGIN: ORIGIN,
    INTERNAL_ASSERTION_PRIVATE_KEY: Buffer.from(keys.privateKey.export({ type: 'pkcs8', format: 'der' })),
    IDENTITY_URL: identity.url,
    PROFILE_URL: profile.url,
    CONSENT_URL: down,
    NOTIFICATIONS_URL: down,
    RETENTION_URL: down,
    // The membership lookup is identity's fake too: one fake answers both internal calls.
    ORGANIZATIONS_URL: identity.url,
    CONTACTS_URL: down,
    TRUST_PROXY: 0,
    BODY_LIMIT_BYTES: 1024,
    RATE_LIMIT_PER_MINUTE: 10_000,
    RATE_LIMIT_SENSITIVE_PER_MINUTE: 10_000,
    UPSTREAM_TIMEOUT_MS: 400,
    UPSTREAM_CONNECTIONS: 4,
    STAFF_MFA_REQUIRED: true,
    PUBLIC_ANSWER_CACHE_ENTRIES: 16,
    ...overrides,
  };
}

async function startGateway(
  identity: FakeService,
  profile: FakeService,
  overrides: Partial<PipelineConfig> = {},
  logger: Logger = silent,
  memberships?: MembershipCache,
): Promise<Gateway> {
  const config = gatewayConfig(identity, profile, await closedPortUrl(), overrides);
  const pools = createUpstreamPools(config);
  const pipeline = buildApiPipeline(config, logger, pools, [...ROUTE_TABLE, ...TEST_ROWS], { memberships });
  const server: Server = createServer((req, res) => void pipeline.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pools.close();
    },
  };
}

const problemOf = (answer: { headers: { [k: string]: unknown }; json: () => unknown }) => {
  expect(answer.headers['content-type']).toBe('application/problem+json');
  return answer.json() as { status: number; detail: string; errors?: unknown[] };
};

const assertionOf = (headers: { [k: string]: unknown }, aud: string) => verifyAssertion(keys.publicKey, String(headers[INTERNAL_ASSERTION_HEADER]), aud);

describe('API pipeline', () => {
  let identity: FakeService;
  let profile: FakeService;
  let gateway: Gateway;

  beforeAll(async () => {
    identity = await startFakeService();
    profile = await startFakeService();
    gateway = await startGateway(identity, profile);
  });

  afterAll(async () => {
    await gateway.close();
    await identity.close();
    await profile.close();
  });

  beforeEach(() => {
    identity.requests.length = 0;
    profile.requests.length = 0;
    identity.on('POST /internal/sessions/resolve', (req, res) => {
      const { tokenHash } = JSON.parse(req.body.toString()) as { tokenHash: string };
      if (tokenHash === sessionTokenHash(TOKEN)) json(res, 200, SESSION);
      else json(res, 401, { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'no such session' });
    });
  });

  const upstreamCalls = (service: FakeService) => service.requests.filter((r) => r.url !== '/internal/sessions/resolve');

  describe('forwarding a public write', () => {
    it('sends the same method, path and bytes with a verifiable assertion and only allowed headers', async () => {
      identity.on('POST /accounts', (_req, res) => json(res, 202, { status: 'accepted' }, { 'set-cookie': 'evil=1; Path=/', etag: '"v1"', 'x-internal': 'secret' }));
      const body = '{"name":"Anna","email":"anna@example.com","password":"correct horse battery staple","acceptedPolicyVersion":"1"}';
      const answer = await send(gateway.url, '/api/v1/accounts?src=mail', {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          cookie: `__Host-sid=${TOKEN}; lang=lv`,
          authorization: 'Bearer nope',
          'x-sargs-assertion': 'forged',
          'x-sargs-language': 'xx',
          'x-forwarded-for': '203.0.113.9',
          'user-agent': 'u'.repeat(400),
          'accept-language': 'de, en;q=0.5',
          'x-correlation-id': 'corr-1234567890',
        },
      });

      expect(answer.status).toBe(202);
      expect(answer.json()).toEqual({ status: 'accepted' });
      expect(answer.headers['content-type']).toBe('application/json');
      expect(answer.headers['set-cookie']).toBeUndefined();
      expect(answer.headers['x-internal']).toBeUndefined();
      expect(answer.headers.etag).toBe('"v1"');
      expect(answer.headers['x-correlation-id']).toBe('corr-1234567890');
      expect(answer.headers['cache-control']).toBe('no-store');

      const [forwarded] = upstreamCalls(identity);
      expect(forwarded.method).toBe('POST');
      expect(forwarded.url).toBe('/accounts?src=mail');
      expect(forwarded.body.toString()).toBe(body);
      expect(Object.keys(forwarded.headers).sort()).toEqual(
        ['connection', 'content-length', 'content-type', 'host', 'user-agent', 'x-correlation-id', 'x-sargs-assertion', 'x-sargs-language'].sort(),
      );
      expect(forwarded.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(forwarded.headers['user-agent']).toBe('u'.repeat(256));
      expect(forwarded.headers['x-sargs-language']).toBe('lv');
      expect(forwarded.headers['x-correlation-id']).toBe('corr-1234567890');
      const assertion = assertionOf(forwarded.headers, 'identity');
      expect(assertion).toMatchObject({ roles: [], cip: '127.0.0.1', aud: 'identity' });
      expect(assertion.sub).toBeUndefined();
      // A public route does not resolve the cookie it happens to carry.
      expect(identity.requests.some((r) => r.url === '/internal/sessions/resolve')).toBe(false);
    });

    it('mints a correlation id when none (or a malformed one) is given, and echoes it', async () => {
      identity.on('POST /accounts/verification', (_req, res) => res.writeHead(204).end());
      const answer = await send(gateway.url, '/api/v1/accounts/verification', {
        method: 'POST',
        body: '{"token":"t"}',
        headers: { 'content-type': 'application/json', 'x-correlation-id': 'bad id <script>' },
      });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      const id = String(answer.headers['x-correlation-id']);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(upstreamCalls(identity)[0].headers['x-correlation-id']).toBe(id);
    });

    it('forwards a POST without a body with no body, and takes the language from Accept-Language', async () => {
      identity.on('POST /accounts/verification/resend', (_req, res) => json(res, 202, { status: 'accepted' }));
      const answer = await send(gateway.url, '/api/v1/accounts/verification/resend', { method: 'POST', headers: { 'accept-language': 'fr;q=0.9, EN-gb;q=0.8' } });
      expect(answer.status).toBe(202);
      const [forwarded] = upstreamCalls(identity);
      expect(forwarded.body.length).toBe(0);
      expect(forwarded.headers['content-type']).toBeUndefined();
      expect(forwarded.headers['x-sargs-language']).toBe('en');
    });
  });

  describe('routing', () => {
    it('answers 404 problem for an unknown path and for parameters that are not one plain segment', async () => {
      for (const path of ['/api/v1', '/api/v1/', '/api/v1/nope', '/api/v1/accounts/', '/api/v1/sessions/..', '/api/v1/sessions/a%2Fb', '/api/v1//accounts']) {
        const answer = await send(gateway.url, path, { method: path.includes('sessions') ? 'DELETE' : 'GET', headers: { cookie: `__Host-sid=${TOKEN}`, origin: ORIGIN } });
        expect([path, answer.status]).toEqual([path, 404]);
        expect(problemOf(answer).status).toBe(404);
      }
      expect(upstreamCalls(identity)).toEqual([]);
    });

    it('answers 405 with Allow for a known path and another method', async () => {
      const answer = await send(gateway.url, '/api/v1/sessions', { method: 'PUT' });
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('POST, GET');
      expect(problemOf(answer).status).toBe(405);
    });

    it('forwards a path parameter verbatim, with the query string', async () => {
      identity.on('DELETE /sessions/0b7c-x_y.z~1', (_req, res) => res.writeHead(204).end());
      const answer = await send(gateway.url, '/api/v1/sessions/0b7c-x_y.z~1?reason=lost', {
        method: 'DELETE',
        headers: { cookie: `__Host-sid=${TOKEN}`, origin: ORIGIN },
      });
      expect(answer.status).toBe(204);
      expect(upstreamCalls(identity).map((r) => `${r.method} ${r.url}`)).toEqual(['DELETE /sessions/0b7c-x_y.z~1?reason=lost']);
    });
  });

  describe('sessions', () => {
    it('answers 401 without a cookie, before any call', async () => {
      const answer = await send(gateway.url, '/api/v1/sessions');
      expect(answer.status).toBe(401);
      expect(problemOf(answer).detail).toBe('A session is required');
      // Nothing left unread: the keep-alive connection stays usable.
      expect(answer.headers.connection).toBe('keep-alive');
      expect(identity.requests).toEqual([]);
    });

    it("resolves the cookie's hash with identity and forwards as that account", async () => {
      identity.on('GET /sessions', (_req, res) => json(res, 200, []));
      const answer = await send(gateway.url, '/api/v1/sessions', { headers: { cookie: `other=1; __Host-sid=${TOKEN}` } });
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual([]);

      const [resolve, forwarded] = identity.requests;
      expect(resolve.url).toBe('/internal/sessions/resolve');
      expect(JSON.parse(resolve.body.toString())).toEqual({ tokenHash: sessionTokenHash(TOKEN) });
      expect(resolve.body.toString()).not.toContain(TOKEN);
      const resolveAssertion = assertionOf(resolve.headers, 'identity');
      expect(resolveAssertion.roles).toEqual([]);
      expect(resolveAssertion.sub).toBeUndefined();

      expect(forwarded.headers.cookie).toBeUndefined();
      expect(assertionOf(forwarded.headers, 'identity')).toMatchObject({
        sub: SESSION.accountId,
        sid: SESSION.sessionId,
        roles: ['user'],
        cip: '127.0.0.1',
        aud: 'identity',
      });
    });

    it('answers 401 and clears the cookie when identity does not know the session', async () => {
      const answer = await send(gateway.url, '/api/v1/sessions', { headers: { cookie: '__Host-sid=revoked-token-123456789' } });
      expect(answer.status).toBe(401);
      expect(answer.headers['set-cookie']).toEqual(['__Host-sid=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0']);
      expect(upstreamCalls(identity)).toEqual([]);
    });

    it('refuses staff routes without admin or dpo (403), and forwards them with it', async () => {
      const forbidden = await send(gateway.url, '/api/v1/admin/accounts/abc/closure', { method: 'POST', headers: { cookie: `__Host-sid=${TOKEN}`, origin: ORIGIN } });
      expect(forbidden.status).toBe(403);
      expect(upstreamCalls(identity)).toEqual([]);

      identity.on('POST /internal/sessions/resolve', (_req, res) => json(res, 200, { ...SESSION, roles: ['user', 'dpo'] }));
      identity.on('POST /admin/accounts/abc/closure', (_req, res) => json(res, 202, { caseId: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed' }));
      const allowed = await send(gateway.url, '/api/v1/admin/accounts/abc/closure', { method: 'POST', headers: { cookie: `__Host-sid=${TOKEN}`, origin: ORIGIN } });
      expect(allowed.status).toBe(202);
      expect(assertionOf(upstreamCalls(identity)[0].headers, 'identity').roles).toEqual(['user', 'dpo']);
    });

    it('logs a refused staff call once, with the account id, method and route pattern only', async () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      const logged = await startGateway(identity, profile, {}, createLogger({ service: 'gateway-test', destination: sink }));
      try {
        const headers = { cookie: `__Host-sid=${TOKEN}`, 'x-forwarded-for': '203.0.113.9' };
        expect((await send(logged.url, `/api/v1/admin/accounts/${ACCOUNT.id}?probe=query-value-1`, { headers })).status).toBe(403);
        expect((await send(logged.url, `/api/v1/admin/incidents?limit=5&email=${encodeURIComponent(ACCOUNT.email)}`, { headers })).status).toBe(403);
        identity.on('POST /internal/sessions/resolve', (_req, res) => json(res, 200, { ...SESSION, roles: ['user', 'admin'] }));
        identity.on(`GET /admin/accounts/${ACCOUNT.id}`, (_req, res) => json(res, 200, {}));
        expect((await send(logged.url, `/api/v1/admin/accounts/${ACCOUNT.id}`, { headers })).status).toBe(200);

        const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
        const refused = entries.filter((entry) => entry.msg === 'staff route refused');
        expect(refused.map(({ level, accountId, method, route }) => ({ level, accountId, method, route }))).toEqual([
          { level: 'warn', accountId: ACCOUNT.id, method: 'GET', route: '/admin/accounts/:id' },
          { level: 'warn', accountId: ACCOUNT.id, method: 'GET', route: '/admin/incidents' },
        ]);
        for (const entry of refused) expect(Object.keys(entry).sort()).toEqual(['accountId', 'correlationId', 'level', 'method', 'msg', 'route', 'service', 'time']);
        const text = lines.join('');
        for (const secret of [TOKEN, ACCOUNT.email, encodeURIComponent(ACCOUNT.email), 'query-value-1', '203.0.113.9']) expect(text).not.toContain(secret);
      } finally {
        await logged.close();
      }
    });

    it('logs in: the token becomes the cookie and never reaches the body', async () => {
      const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
      const session = { id: SESSION.sessionId, createdAt: new Date().toISOString(), expiresAt, mfaRequired: true };
      identity.on('POST /sessions', (_req, res) => json(res, 200, { token: TOKEN, session }, { 'set-cookie': 'x=y' }));
      const answer = await send(gateway.url, '/api/v1/sessions', {
        method: 'POST',
        body: '{"email":"a@example.com","password":"pw"}',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
      });
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual(session);
      expect(answer.text).not.toContain(TOKEN);
      const [cookie] = answer.headers['set-cookie'] ?? [];
      expect(cookie).toMatch(new RegExp(`^__Host-sid=${TOKEN}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=(3599|3600)$`));
      expect(answer.headers['set-cookie']).toHaveLength(1);
    });

    it('relays a failed login as it is, with no cookie', async () => {
      identity.on('POST /sessions', (_req, res) => json(res, 401, { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Wrong e-mail or password' }));
      const answer = await send(gateway.url, '/api/v1/sessions', { method: 'POST', body: '{"email":"a@b.c","password":"x"}', headers: { 'content-type': 'application/json' } });
      expect(answer.status).toBe(401);
      expect(problemOf(answer).detail).toBe('Wrong e-mail or password');
      expect(answer.headers['set-cookie']).toBeUndefined();
    });

    it('logs out: forwards, then clears the cookie', async () => {
      identity.on('DELETE /sessions/current', (_req, res) => res.writeHead(204).end());
      const answer = await send(gateway.url, '/api/v1/sessions/current', { method: 'DELETE', headers: { cookie: `__Host-sid=${TOKEN}`, origin: ORIGIN } });
      expect(answer.status).toBe(204);
      expect(answer.headers['set-cookie']).toEqual(['__Host-sid=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0']);
      expect(upstreamCalls(identity).map((r) => `${r.method} ${r.url}`)).toEqual(['DELETE /sessions/current']);
    });

    it('lets a session waiting for its second factor only complete the login or log out (401 elsewhere)', async () => {
      identity.on('POST /internal/sessions/resolve', (_req, res) => json(res, 200, { ...SESSION, secondFactor: 'pending' }));
      identity.on('POST /sessions/current/mfa', (_req, res) => res.writeHead(204).end());
      identity.on('DELETE /sessions/current', (_req, res) => res.writeHead(204).end());
      const cookie = `__Host-sid=${TOKEN}`;
      for (const [method, path] of [['GET', '/api/v1/me'], ['GET', '/api/v1/sessions'], ['POST', '/api/v1/me/mfa/totp'], ['GET', '/api/v1/admin/accounts?email=a%40b.c']] as const) {
        const refused = await send(gateway.url, path, { method, headers: { cookie, origin: ORIGIN } });
        expect([method, path, refused.status]).toEqual([method, path, 401]);
        expect(problemOf(refused).detail).toMatch(/second factor/u);
        // The cookie stays: the login can still be completed.
        expect(refused.headers['set-cookie']).toBeUndefined();
      }
      const mfa = await send(gateway.url, '/api/v1/sessions/current/mfa', { method: 'POST', body: '{"code":"123456"}', headers: { cookie, origin: ORIGIN, 'content-type': 'application/json' } });
      expect(mfa.status).toBe(204);
      expect((await send(gateway.url, '/api/v1/sessions/current', { method: 'DELETE', headers: { cookie, origin: ORIGIN } })).status).toBe(204);
      expect(upstreamCalls(identity).map((r) => `${r.method} ${r.url}`)).toEqual(['POST /sessions/current/mfa', 'DELETE /sessions/current']);
      // The assertion for the second step names the session, as for any session route.
      expect(assertionOf(upstreamCalls(identity)[0].headers, 'identity')).toMatchObject({ sub: ACCOUNT.id, sid: SESSION.sessionId });
    });

    it('refuses staff routes to staff whose session gave no second factor (403), unless STAFF_MFA_REQUIRED=false', async () => {
      identity.on('GET /admin/accounts/abc', (_req, res) => json(res, 200, {}));
      const cookie = `__Host-sid=${TOKEN}`;
      identity.on('POST /internal/sessions/resolve', (_req, res) => json(res, 200, { ...SESSION, roles: ['user', 'admin'], secondFactor: 'none' }));
      const refused = await send(gateway.url, '/api/v1/admin/accounts/abc', { headers: { cookie } });
      expect(refused.status).toBe(403);
      expect(problemOf(refused).detail).toMatch(/second factor/u);
      expect(upstreamCalls(identity)).toEqual([]);

      const relaxed = await startGateway(identity, profile, { STAFF_MFA_REQUIRED: false });
      try {
        expect((await send(relaxed.url, '/api/v1/admin/accounts/abc', { headers: { cookie } })).status).toBe(200);
      } finally {
        await relaxed.close();
      }
      identity.on('POST /internal/sessions/resolve', (_req, res) => json(res, 200, { ...SESSION, roles: ['user', 'admin'], secondFactor: 'done' }));
      expect((await send(gateway.url, '/api/v1/admin/accounts/abc', { headers: { cookie } })).status).toBe(200);
    });
  });

  describe('tenant routes (/orgs/:id/...)', () => {
    const ORG = '3c7e8f0a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
    const OTHER_ORG = '7d1e2f3a-4b5c-4d6e-9f01-b2c3d4e5f6a7';
    const cookie = `__Host-sid=${TOKEN}`;
    beforeEach(() => {
      identity.on('POST /internal/memberships/resolve', (req, res) => {
        const { orgId, accountId } = JSON.parse(req.body.toString()) as { orgId: string; accountId: string };
        if (accountId !== ACCOUNT.id) return json(res, 404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no' });
        if (orgId === ORG) return json(res, 200, { role: 'admin' });
        if (orgId === OTHER_ORG) return json(res, 200, { role: 'member' });
        json(res, 404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no' });
      });
      profile.on('GET /probe-orgs/' + ORG + '/things', (_req, res) => json(res, 200, []));
    });

    it("forwards a member's call with the organisation and role in the assertion, asked of organizations as that account", async () => {
      const answer = await send(gateway.url, `/api/v1/probe-orgs/${ORG}/things`, { headers: { cookie } });
      expect(answer.status).toBe(200);
      const forwarded = upstreamCalls(profile).at(-1);
      expect(assertionOf(forwarded?.headers ?? {}, 'profile')).toMatchObject({ sub: ACCOUNT.id, org: { id: ORG, role: 'admin' } });
      const lookup = identity.requests.filter((r) => r.url === '/internal/memberships/resolve').at(-1);
      expect(JSON.parse(lookup?.body.toString() ?? '{}')).toEqual({ orgId: ORG, accountId: ACCOUNT.id });
      expect(assertionOf(lookup?.headers ?? {}, 'organizations')).toMatchObject({ sub: ACCOUNT.id });
    });

    it('answers a non-member exactly as an unknown id (404, same body), and never forwards', async () => {
      const before = upstreamCalls(profile).length;
      const unknown = await send(gateway.url, '/api/v1/probe-orgs/0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b/things', { headers: { cookie } });
      const malformed = await send(gateway.url, '/api/v1/probe-orgs/not-a-uuid/things', { headers: { cookie } });
      expect(unknown.status).toBe(404);
      expect(malformed.status).toBe(404);
      expect(unknown.json()).toEqual(malformed.json());
      expect(problemOf(unknown).detail).toBe('No such organisation');
      expect(upstreamCalls(profile).length).toBe(before);
    });

    it('refuses a member whose role the row does not allow (403), and a call without a session (401) before asking anyone', async () => {
      const member = await send(gateway.url, `/api/v1/probe-orgs/${OTHER_ORG}/things`, { headers: { cookie } });
      expect(member.status).toBe(403);
      const lookups = identity.requests.filter((r) => r.url === '/internal/memberships/resolve').length;
      const anonymous = await send(gateway.url, `/api/v1/probe-orgs/${ORG}/things`);
      expect(anonymous.status).toBe(401);
      expect(identity.requests.filter((r) => r.url === '/internal/memberships/resolve').length).toBe(lookups);
    });
  });

  describe("tenant routes with organizations' change feed connected", () => {
    const ORG = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
    const STRANGER_ORG = '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c';
    const SECOND_ORG = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
    const cookie = `__Host-sid=${TOKEN}`;
    const things = `/api/v1/probe-orgs/${ORG}/things`;
    let role: string | undefined;
    let feed: ServerResponse | undefined;
    let cache: MembershipCache;
    let kept: Gateway;
    let subscription: ReturnType<typeof createMembershipChangeSubscription>;
    const lookups = () => identity.requests.filter((r) => r.url === '/internal/memberships/resolve').length;
    const until = async (what: string, done: () => boolean) => {
      for (const started = Date.now(); !done(); await new Promise((r) => setTimeout(r, 10))) {
        if (Date.now() - started > 5_000) throw new Error(`timed out waiting for ${what}`);
      }
    };

    beforeAll(async () => {
      cache = new MembershipCache(100);
      kept = await startGateway(identity, profile, {}, silent, cache);
      identity.on('GET /internal/memberships/changes', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('event: ready\ndata: \n\n');
        feed = res;
      });
      subscription = createMembershipChangeSubscription(gatewayConfig(identity, profile, identity.url, {}), silent, cache);
      subscription.start();
      await until('the feed to open', () => cache.isOpen);
    });

    afterAll(async () => {
      await subscription.stop();
      await kept.close();
    });

    beforeEach(() => {
      role = 'admin';
      cache.invalidateAll();
      identity.on('POST /internal/memberships/resolve', (req, res) => {
        const { orgId } = JSON.parse(req.body.toString()) as { orgId: string };
        if (orgId === ORG && role) return json(res, 200, { role });
        if (orgId === SECOND_ORG) return json(res, 200, { role: 'owner' });
        json(res, 404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'no' });
      });
      for (const org of [ORG, SECOND_ORG]) profile.on(`GET /probe-orgs/${org}/things`, (_req, res) => json(res, 200, []));
      for (const route of [`DELETE /probe-orgs/${ORG}/members/${ACCOUNT.id}`, 'POST /probe-invitations/accept']) {
        identity.on(route, (_req, res) => {
          res.writeHead(204);
          res.end();
        });
      }
    });

    it('asks organizations once for a member, and again as soon as the feed names the organisation', async () => {
      const before = lookups();
      expect((await send(kept.url, things, { headers: { cookie } })).status).toBe(200);
      expect((await send(kept.url, things, { headers: { cookie } })).status).toBe(200);
      expect(lookups()).toBe(before + 1);
      // The role changed in organizations: its feed says so, and the next request meets the new role.
      role = 'member';
      feed?.write(`event: changed\ndata: ${ORG}\n\n`);
      await until('the organisation dropped', () => cache.size === 0);
      expect((await send(kept.url, things, { headers: { cookie } })).status).toBe(403);
      expect(lookups()).toBe(before + 2);
    });

    it("drops the organisation's roles when this gateway relays a write to its members, before the client hears back", async () => {
      expect((await send(kept.url, things, { headers: { cookie } })).status).toBe(200);
      expect((await send(kept.url, `/api/v1/probe-orgs/${SECOND_ORG}/things`, { headers: { cookie } })).status).toBe(200);
      expect(cache.size).toBe(2);
      const left = await send(kept.url, `/api/v1/probe-orgs/${ORG}/members/${ACCOUNT.id}`, { method: 'DELETE', headers: { cookie, origin: ORIGIN } });
      expect(left.status).toBe(204);
      // That organisation's roles only: the other one's stays kept.
      expect(cache.size).toBe(1);
      role = undefined;
      expect((await send(kept.url, things, { headers: { cookie } })).status).toBe(404);
      // A write outside any one organisation's routes (an invitation accepted) drops every kept role.
      role = 'admin';
      expect((await send(kept.url, things, { headers: { cookie } })).status).toBe(200);
      expect(cache.size).toBe(2);
      expect((await send(kept.url, '/api/v1/probe-invitations/accept', { method: 'POST', headers: { cookie, origin: ORIGIN } })).status).toBe(204);
      expect(cache.size).toBe(0);
    });

    it('keeps no refusal: a stranger is asked about every time', async () => {
      const before = lookups();
      for (let i = 0; i < 2; i++) expect((await send(kept.url, `/api/v1/probe-orgs/${STRANGER_ORG}/things`, { headers: { cookie } })).status).toBe(404);
      expect(lookups()).toBe(before + 2);
    });

    it('asks on every request while the feed is lost, and keeps roles again once it is back', async () => {
      feed?.end();
      await until('the feed to be lost', () => !cache.isOpen);
      const before = lookups();
      for (let i = 0; i < 2; i++) expect((await send(kept.url, things, { headers: { cookie } })).status).toBe(200);
      expect(lookups()).toBe(before + 2);
      await until('the feed to be back', () => cache.isOpen);
      for (let i = 0; i < 2; i++) expect((await send(kept.url, things, { headers: { cookie } })).status).toBe(200);
      expect(lookups()).toBe(before + 3);
    });
  });

  describe('CSRF (Origin)', () => {
    const write = (headers: Record<string, string>) =>
      send(gateway.url, '/api/v1/me/password', { method: 'PUT', body: '{"currentPassword":"a","newPassword":"b"}', headers: { 'content-type': 'application/json', ...headers } });

    it('refuses a cookie-authenticated write without Origin or from another origin', async () => {
      for (const origin of [undefined, 'https://evil.example', 'null', `${ORIGIN}:443x`]) {
        const answer = await write({ cookie: `__Host-sid=${TOKEN}`, ...(origin ? { origin } : {}) });
        expect([origin, answer.status]).toEqual([origin, 403]);
        expect(problemOf(answer).detail).toBe('Origin missing or not allowed');
      }
      expect(identity.requests).toEqual([]);
    });

    it('lets a write from the public origin through', async () => {
      identity.on('PUT /me/password', (_req, res) => res.writeHead(204).end());
      expect((await write({ cookie: `__Host-sid=${TOKEN}`, origin: ORIGIN })).status).toBe(204);
    });

    it('refuses a public write from a foreign origin (login CSRF), allows one without Origin', async () => {
      identity.on('POST /password-resets', (_req, res) => json(res, 202, { status: 'accepted' }));
      const body = '{"email":"a@example.com"}';
      const foreign = await send(gateway.url, '/api/v1/password-resets', { method: 'POST', body, headers: { 'content-type': 'application/json', origin: 'https://evil.example' } });
      expect(foreign.status).toBe(403);
      const none = await send(gateway.url, '/api/v1/password-resets', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      expect(none.status).toBe(202);
    });
  });

  describe('bodies', () => {
    const post = (body: string | Buffer, headers: Record<string, string>, chunked = false) =>
      send(gateway.url, '/api/v1/password-resets', { method: 'POST', body, headers, chunked });

    it('refuses a body over the limit with 413, declared or chunked, after reading the rest so the client sees the answer', async () => {
      const big = `{"email":"${'a'.repeat(2000)}"}`;
      for (const chunked of [false, true]) {
        const answer = await post(big, { 'content-type': 'application/json' }, chunked);
        expect(answer.status).toBe(413);
        expect(problemOf(answer).status).toBe(413);
        // The rest was drained, so the connection stays usable (no forced close).
        expect(answer.headers.connection).not.toBe('close');
      }
      expect(identity.requests).toEqual([]);
    });

    it("lets a row raise its own body limit, and holds it to that one", async () => {
      profile.on('POST /probe/large', (_req, res) => json(res, 200, { ok: true }));
      const within = await send(gateway.url, '/api/v1/probe/large', { method: 'POST', body: `{"t":"${'a'.repeat(3000)}"}`, headers: { 'content-type': 'application/json' } });
      expect(within.status).toBe(200);
      const beyond = await send(gateway.url, '/api/v1/probe/large', { method: 'POST', body: `{"t":"${'a'.repeat(5000)}"}`, headers: { 'content-type': 'application/json' } });
      expect(beyond.status).toBe(413);
      expect(problemOf(beyond).detail).toContain('4096');
    });

    it('refuses a body that is not JSON with 415', async () => {
      for (const type of ['text/plain', 'application/json; charset=latin1', 'application/x-www-form-urlencoded', '']) {
        const answer = await post('{"email":"a@b.c"}', type ? { 'content-type': type } : {});
        expect([type, answer.status]).toEqual([type, 415]);
      }
      const gzip = await post('{"email":"a@b.c"}', { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      expect(gzip.status).toBe(415);
    });

    it('refuses invalid JSON with 422 naming the body', async () => {
      for (const body of ['{"email":', Buffer.from([0x7b, 0xff, 0x7d])]) {
        const answer = await post(body, { 'content-type': 'application/json' });
        expect(answer.status).toBe(422);
        expect(problemOf(answer).errors).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
      }
      expect(identity.requests).toEqual([]);
    });

    it('refuses a bare JSON value (a string, number, true or null) with 422 and never forwards or echoes it', async () => {
      for (const body of ['"correct horse battery staple"', '42', 'true', 'null']) {
        const answer = await post(body, { 'content-type': 'application/json' });
        expect(answer.status).toBe(422);
        const problem = problemOf(answer);
        expect(problem.errors).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
        expect(JSON.stringify(problem)).not.toContain('horse');
      }
      expect(identity.requests).toEqual([]);
    });

    it('ignores a body sent to a route that takes none (DELETE and the like): whatever its type, none is forwarded; it is still bounded (413)', async () => {
      identity.on('DELETE /sessions/current', (_req, res) => res.writeHead(204).end());
      const bodies: Array<[string, string]> = [
        ['{"a":', 'application/json'],
        ['[1,2]', 'application/json'],
        ['{}', 'application/json'],
        ['hello', 'text/plain'],
        ['x=1', 'application/x-www-form-urlencoded'],
      ];
      for (const [body, type] of bodies) {
        const answer = await send(gateway.url, '/api/v1/sessions/current', { method: 'DELETE', body, headers: { 'content-type': type, cookie: `__Host-sid=${TOKEN}`, origin: ORIGIN } });
        expect([body, answer.status]).toEqual([body, 204]);
      }
      const forwarded = upstreamCalls(identity);
      expect(forwarded.map((r) => [r.body.length, r.headers['content-type']])).toEqual(bodies.map(() => [0, undefined]));
      const big = await send(gateway.url, '/api/v1/sessions/current', { method: 'DELETE', body: Buffer.alloc(5000, 97), headers: { 'content-type': 'application/json', cookie: `__Host-sid=${TOKEN}`, origin: ORIGIN } });
      expect(big.status).toBe(413);
      expect(big.headers['content-type']).toBe('application/problem+json');
      expect(upstreamCalls(identity)).toHaveLength(bodies.length);
    });

    it('takes a form body on a form route and forwards it as it is', async () => {
      profile.on('POST /probe/form', (_req, res) => json(res, 200, { ok: true }));
      const answer = await send(gateway.url, '/api/v1/probe/form', { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(answer.status).toBe(200);
      expect(profile.requests[0].body.toString()).toBe('List-Unsubscribe=One-Click');
      const jsonOnForm = await send(gateway.url, '/api/v1/probe/form', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(jsonOnForm.status).toBe(415);
    });
  });

  describe('upstream failures', () => {
    it('answers 502 without the service words when it answers 500', async () => {
      identity.on('POST /password-resets', (_req, res) => json(res, 500, { detail: 'stack at Database.query (secret.ts:12)' }));
      const answer = await send(gateway.url, '/api/v1/password-resets', { method: 'POST', body: '{"email":"a@b.c"}', headers: { 'content-type': 'application/json' } });
      expect(answer.status).toBe(502);
      expect(answer.text).not.toContain('secret');
      expect(problemOf(answer).detail).toBe('identity gave an invalid answer');
    });

    it('answers 502 when the service answers something that is not JSON', async () => {
      identity.on('POST /password-resets', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>oops</html>');
      });
      const html = await send(gateway.url, '/api/v1/password-resets', { method: 'POST', body: '{"email":"a@b.c"}', headers: { 'content-type': 'application/json' } });
      expect(html.status).toBe(502);
      identity.on('POST /password-resets', (_req, res) => {
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end('{not json');
      });
      const garbage = await send(gateway.url, '/api/v1/password-resets', { method: 'POST', body: '{"email":"a@b.c"}', headers: { 'content-type': 'application/json' } });
      expect(garbage.status).toBe(502);
    });

    it('answers 503 naming the service when nothing listens', async () => {
      const answer = await send(gateway.url, '/api/v1/probe/down');
      expect(answer.status).toBe(503);
      expect(problemOf(answer).detail).toBe('consent is unavailable');
    });

    it('answers 504 when the service does not answer in time', async () => {
      profile.on('GET /probe/slow', (_req, res) => setTimeout(() => json(res, 200, {}), 2_000).unref());
      const started = Date.now();
      const answer = await send(gateway.url, '/api/v1/probe/slow');
      expect(answer.status).toBe(504);
      expect(problemOf(answer).detail).toBe('profile did not answer in time');
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('answers 502 when identity fails to resolve the session, and keeps the cookie', async () => {
      identity.on('POST /internal/sessions/resolve', (_req, res) => json(res, 500, { detail: 'db down' }));
      const answer = await send(gateway.url, '/api/v1/sessions', { headers: { cookie: `__Host-sid=${TOKEN}` } });
      expect(answer.status).toBe(502);
      expect(answer.headers['set-cookie']).toBeUndefined();
    });
  });

  describe('public answers a service marks shareable', () => {
    const DOCUMENT = { version: '1', text: 'the policy' };
    const served = () => upstreamCalls(profile).filter((r) => r.url.startsWith('/probe/document'));
    beforeEach(() => {
      profile.on('GET /probe/document', (req, res) =>
        json(res, 200, { ...DOCUMENT, url: req.url, language: req.headers['x-sargs-language'] ?? null }, { 'cache-control': 'public, max-age=60', etag: '"doc-1"', vary: 'Accept-Language, Cookie' }),
      );
    });
    // Another test's write may already have dropped them; this one's entries start from a write of its own.
    const forgetAll = () => send(gateway.url, '/api/v1/probe/large', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', origin: ORIGIN } });

    it('gives the answer again without asking the service, with its Age, and 304 to a matching If-None-Match', async () => {
      profile.on('POST /probe/large', (_req, res) => json(res, 200, {}));
      await forgetAll();
      const first = await send(gateway.url, '/api/v1/probe/document?x=1', { headers: { 'if-none-match': '"doc-1"' } });
      // A miss asks unconditionally, so the whole answer can be kept; the client still gets its 304.
      expect(first.status).toBe(304);
      expect(served().map((r) => r.headers['if-none-match'])).toEqual([undefined]);
      const again = await send(gateway.url, '/api/v1/probe/document?x=1');
      expect(again.status).toBe(200);
      expect(again.json()).toEqual({ ...DOCUMENT, url: '/probe/document?x=1', language: null });
      expect(again.headers).toMatchObject({ 'cache-control': 'public, max-age=60', etag: '"doc-1"', vary: 'Accept-Language, Cookie', age: '0', 'content-type': 'application/json' });
      const revalidated = await send(gateway.url, '/api/v1/probe/document?x=1', { headers: { 'if-none-match': 'W/"doc-1"' } });
      expect([revalidated.status, revalidated.text, revalidated.headers.etag]).toEqual([304, '', '"doc-1"']);
      expect(served()).toHaveLength(1);
    });

    it('keeps one answer per query and per language told to the service', async () => {
      await forgetAll();
      await send(gateway.url, '/api/v1/probe/document?y=1');
      const latvian = await send(gateway.url, '/api/v1/probe/document?y=1', { headers: { 'accept-language': 'lv' } });
      const byCookie = await send(gateway.url, '/api/v1/probe/document?y=1', { headers: { cookie: 'lang=lv' } });
      await send(gateway.url, '/api/v1/probe/document?y=2');
      expect(latvian.json()).toMatchObject({ language: 'lv' });
      expect(byCookie.headers.age).toBe('0');
      expect(served().map((r) => [r.url, r.headers['x-sargs-language'] ?? null])).toEqual([
        ['/probe/document?y=1', null],
        ['/probe/document?y=1', 'lv'],
        ['/probe/document?y=2', null],
      ]);
    });

    it('asks again after a write this gateway relayed to the same service', async () => {
      profile.on('POST /probe/large', (_req, res) => json(res, 200, {}));
      await forgetAll();
      await send(gateway.url, '/api/v1/probe/document?z=1');
      await send(gateway.url, '/api/v1/probe/document?z=1');
      expect((await forgetAll()).status).toBe(200);
      await send(gateway.url, '/api/v1/probe/document?z=1');
      expect(served()).toHaveLength(2);
    });

    it('never keeps what is not public, nor a session read', async () => {
      profile.on('GET /probe/document', (_req, res) => json(res, 200, DOCUMENT, { 'cache-control': 'private, max-age=60' }));
      profile.on('GET /probe/mine', (_req, res) => json(res, 200, DOCUMENT, { 'cache-control': 'public, max-age=60' }));
      for (let i = 0; i < 2; i++) {
        expect((await send(gateway.url, '/api/v1/probe/document?w=1')).headers.age).toBeUndefined();
        expect((await send(gateway.url, '/api/v1/probe/mine', { headers: { cookie: `__Host-sid=${TOKEN}` } })).status).toBe(200);
      }
      expect(upstreamCalls(profile).map((r) => r.url)).toEqual(['/probe/document?w=1', '/probe/mine', '/probe/document?w=1', '/probe/mine']);
    });
  });

  describe('GET /me', () => {
    it("composes identity's account (from the session lookup) with profile's name and language", async () => {
      profile.on('GET /me/profile', (_req, res) => json(res, 200, { name: 'Anna', email: 'anna@example.com', language: 'lv', internalFlag: true }));
      const answer = await send(gateway.url, '/api/v1/me', { headers: { cookie: `__Host-sid=${TOKEN}` } });
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({ ...ACCOUNT, name: 'Anna', language: 'lv' });
      expect(assertionOf(profile.requests[0].headers, 'profile')).toMatchObject({ sub: SESSION.accountId, aud: 'profile' });
      expect(upstreamCalls(identity)).toEqual([]);
    });

    it('answers 401 for an unknown session, 502 when profile fails, 503 while the profile is not there yet', async () => {
      profile.on('GET /me/profile', (_req, res) => json(res, 200, { name: 'Anna', email: 'anna@example.com', language: 'lv' }));
      expect((await send(gateway.url, '/api/v1/me', { headers: { cookie: '__Host-sid=not-our-session-token-at-all-0123456789abcd' } })).status).toBe(401);

      profile.on('GET /me/profile', (_req, res) => json(res, 500, {}));
      expect((await send(gateway.url, '/api/v1/me', { headers: { cookie: `__Host-sid=${TOKEN}` } })).status).toBe(502);

      profile.on('GET /me/profile', (_req, res) => json(res, 404, {}));
      const pending = await send(gateway.url, '/api/v1/me', { headers: { cookie: `__Host-sid=${TOKEN}` } });
      expect(pending.status).toBe(503);
      expect(pending.headers['retry-after']).toBe('1');
    });
  });

  describe('profile and e-mail change routes', () => {
    it('forwards PATCH /me/profile to profile and the e-mail change to identity, as the session', async () => {
      profile.on('PATCH /me/profile', (_req, res) => json(res, 200, { name: 'Jānis', email: 'anna@example.com', language: 'lv' }));
      identity.on('POST /me/email-change', (_req, res) => json(res, 202, { status: 'accepted' }));
      identity.on('POST /me/email-change/confirm', (_req, res) => res.writeHead(204).end());
      const headers = { cookie: `__Host-sid=${TOKEN}`, origin: ORIGIN, 'content-type': 'application/json' };
      const patched = await send(gateway.url, '/api/v1/me/profile', { method: 'PATCH', body: '{"name":"Jānis"}', headers });
      expect(patched.status).toBe(200);
      expect(profile.requests[0].body.toString()).toBe('{"name":"Jānis"}');
      expect(assertionOf(profile.requests[0].headers, 'profile')).toMatchObject({ sub: SESSION.accountId, aud: 'profile' });
      expect((await send(gateway.url, '/api/v1/me/email-change', { method: 'POST', body: '{"newEmail":"b@example.com","password":"x"}', headers })).status).toBe(202);
      expect((await send(gateway.url, '/api/v1/me/email-change/confirm', { method: 'POST', body: '{"token":"t"}', headers })).status).toBe(204);
      expect(upstreamCalls(identity).map((r) => `${r.method} ${r.url}`)).toEqual(['POST /me/email-change', 'POST /me/email-change/confirm']);
      const anonymous = await send(gateway.url, '/api/v1/me/email-change/confirm', { method: 'POST', body: '{"token":"t"}', headers: { 'content-type': 'application/json' } });
      expect(anonymous.status).toBe(401);
    });
  });

  describe('PUT /preferences/language', () => {
    const LANG_LV = 'lang=lv; Path=/; Secure; SameSite=Lax; Max-Age=31536000';
    const put = (body: string | undefined, headers: Record<string, string> = {}) =>
      send(gateway.url, '/api/v1/preferences/language', { method: 'PUT', body, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } });

    it('sets only the lang cookie without a session, asking no service', async () => {
      const answer = await put('{"language":"lv"}');
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      expect(answer.headers['set-cookie']).toEqual([LANG_LV]);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(identity.requests).toEqual([]);
      expect(profile.requests).toEqual([]);
      // No session cookie, no ambient authority: a missing Origin is fine, a foreign one is not.
      const foreign = await put('{"language":"en"}', { origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect(foreign.headers['set-cookie']).toBeUndefined();
    });

    it('refuses anything but lv or en with 422 naming the field, and sets no cookie', async () => {
      for (const body of ['{"language":"de"}', '{"language":"LV"}', '{}', '{"language":"lv","extra":1}', '"lv"', 'null', '[]', undefined]) {
        const answer = await put(body);
        expect([body, answer.status]).toEqual([body, 422]);
        expect(problemOf(answer).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.any(String), message: expect.any(String) })]));
        expect(answer.headers['set-cookie']).toBeUndefined();
      }
      expect(problemOf(await put('{"language":"de"}')).errors).toEqual([{ field: 'language', message: 'must be one of lv, en' }]);
      expect((await put('{"language":"lv"}', { 'content-type': 'text/plain' })).status).toBe(415);
      expect(identity.requests).toEqual([]);
      expect(profile.requests).toEqual([]);
    });

    it("with a session: needs the Origin, changes the account's language at profile, then sets the cookie", async () => {
      for (const origin of [undefined, 'https://evil.example']) {
        const refused = await put('{"language":"lv"}', { cookie: `__Host-sid=${TOKEN}`, ...(origin ? { origin } : {}) });
        expect(refused.status).toBe(403);
        expect(refused.headers['set-cookie']).toBeUndefined();
      }
      expect(identity.requests).toEqual([]);

      profile.on('PATCH /me/profile', (_req, res) => json(res, 200, { name: 'Anna', email: 'anna@example.com', language: 'lv' }));
      const answer = await put('{"language":"lv"}', { cookie: `__Host-sid=${TOKEN}; lang=en`, origin: ORIGIN });
      expect(answer.status).toBe(204);
      expect(answer.headers['set-cookie']).toEqual([LANG_LV]);
      const [patch] = profile.requests;
      expect(`${patch.method} ${patch.url}`).toBe('PATCH /me/profile');
      expect(JSON.parse(patch.body.toString())).toEqual({ language: 'lv' });
      expect(patch.headers['content-type']).toBe('application/json');
      expect(patch.headers.cookie).toBeUndefined();
      expect(assertionOf(patch.headers, 'profile')).toMatchObject({ sub: SESSION.accountId, sid: SESSION.sessionId, aud: 'profile' });
    });

    it('treats a stale session cookie as none and clears it', async () => {
      const answer = await put('{"language":"lv"}', { cookie: '__Host-sid=revoked-token-123456789', origin: ORIGIN });
      expect(answer.status).toBe(204);
      expect(answer.headers['set-cookie']).toEqual([LANG_LV, '__Host-sid=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0']);
      expect(profile.requests).toEqual([]);
    });

    it('sets no cookie when profile fails: 502 for an error, 503 while the profile is not there yet', async () => {
      const withSession = { cookie: `__Host-sid=${TOKEN}`, origin: ORIGIN };
      profile.on('PATCH /me/profile', (_req, res) => json(res, 500, { detail: 'boom' }));
      const failed = await put('{"language":"en"}', withSession);
      expect(failed.status).toBe(502);
      expect(failed.headers['set-cookie']).toBeUndefined();
      profile.on('PATCH /me/profile', (_req, res) => json(res, 404, { type: 'about:blank', title: 'Not Found', status: 404, detail: 'No profile' }));
      const pending = await put('{"language":"en"}', withSession);
      expect(pending.status).toBe(503);
      expect(pending.headers['retry-after']).toBe('1');
      expect(pending.headers['set-cookie']).toBeUndefined();
    });
  });
});

describe('API pipeline rate limits', () => {
  let identity: FakeService;
  let profile: FakeService;
  let gateway: Gateway;

  beforeAll(async () => {
    identity = await startFakeService();
    profile = await startFakeService();
    identity.on('POST /password-resets', (_req, res) => json(res, 202, { status: 'accepted' }));
    profile.on('GET /probe/slow', (_req, res) => json(res, 200, {}));
    gateway = await startGateway(identity, profile, { RATE_LIMIT_SENSITIVE_PER_MINUTE: 2, RATE_LIMIT_PER_MINUTE: 5 });
  });

  afterAll(async () => {
    await gateway.close();
    await identity.close();
    await profile.close();
  });

  it('limits sensitive routes per route, then everything, with 429 and Retry-After', async () => {
    const reset = () => send(gateway.url, '/api/v1/password-resets', { method: 'POST', body: '{"email":"a@b.c"}', headers: { 'content-type': 'application/json' } });
    expect((await reset()).status).toBe(202);
    expect((await reset()).status).toBe(202);
    const limited = await reset();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(problemOf(limited).status).toBe(429);

    // Another route still has its own budget, until the global one (5) runs out.
    expect((await send(gateway.url, '/api/v1/probe/slow')).status).toBe(200);
    expect((await send(gateway.url, '/api/v1/probe/slow')).status).toBe(200);
    const global = await send(gateway.url, '/api/v1/probe/slow');
    expect(global.status).toBe(429);
    expect(Number(global.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });
});
