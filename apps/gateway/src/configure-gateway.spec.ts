import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { correlationMiddleware, createLogger } from '@sargs/platform/observability';
import { startManagementApp } from '@sargs/platform/service';
import { json, send, startFakeService, type Answer, type FakeService } from '../test/support/fake-service';
import { GatewayAppModule } from './app.module';
import { appConfigSchema } from './config/app-config';
import { configureGateway } from './configure-gateway';
import { ROUTE_TABLE } from './routing/route-table';

const keys = generateKeyPairSync('ed25519');

/** The gateway app as runApp boots it (minus TLS: TLS_MODE=ingress), against fake services. */
describe('gateway app', () => {
  let app: INestApplication;
  let url: string;
  let identity: FakeService;
  const answers: Answer[] = [];
  const get = async (path: string, options: Parameters<typeof send>[2] = {}) => {
    const answer = await send(url, path, options);
    answers.push(answer);
    return answer;
  };

  beforeAll(async () => {
    identity = await startFakeService();
    const config = appConfigSchema.parse({
      PORT: '8443',
      HTTP_REDIRECT_PORT: '0',
      TLS_MODE: 'ingress',
      PUBLIC_ORIGIN: 'https://sargs.test',
      LOG_LEVEL: 'silent',
      INTERNAL_ASSERTION_PRIVATE_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      IDENTITY_URL: identity.url,
      PROFILE_URL: identity.url,
      CONSENT_URL: identity.url,
      NOTIFICATIONS_URL: identity.url,
      RETENTION_URL: identity.url,
      ORGANIZATIONS_URL: identity.url,
      CONTACTS_URL: identity.url,
    });
    const logger = createLogger({ service: 'gateway', level: 'silent' });
    app = await NestFactory.create(GatewayAppModule.register(config, logger), { logger: false, abortOnError: false });
    configureGateway(app);
    app.use(correlationMiddleware);
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
    await identity.close();
  });

  it('serves Swagger UI under a CSP that lets its own assets load, and every asset it names', async () => {
    const page = await get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    // Everything the page loads is a file of ours (no inline script, nothing from elsewhere).
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    const assets = [...page.text.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map((m) => new URL(m[1], `${url}/api/docs`).pathname);
    expect(assets).toEqual(expect.arrayContaining(['/api/docs/swagger-ui.css', '/api/docs/swagger-ui-bundle.js', '/api/docs/swagger-ui-init.js']));
    for (const asset of assets) {
      const answer = await get(asset);
      expect([asset, answer.status]).toEqual([asset, 200]);
      if (asset.endsWith('.js')) expect(answer.headers['content-type']).toContain('javascript');
      if (asset.endsWith('.css')) expect(answer.headers['content-type']).toContain('text/css');
    }
    const init = await get('/api/docs/swagger-ui-init.js');
    expect(init.text).toContain('/api/v1/accounts');
  });

  it('serves the OpenAPI document with every route of the table', async () => {
    const answer = await get('/api/docs-json');
    expect(answer.status).toBe(200);
    const document = answer.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toMatch(/^3\./);
    for (const row of ROUTE_TABLE) {
      expect(document.paths[`/api/v1${row.path.replace(/:(\w+)/g, '{$1}')}`]?.[row.method.toLowerCase()]).toBeDefined();
    }
  });

  it('forwards the raw body: no JSON parser runs before the pipeline', async () => {
    identity.on('POST /accounts', (_req, res) => json(res, 202, { status: 'accepted' }));
    const body = '{ "name" : "Anna",\n "email":"anna@example.com" }';
    const answer = await get('/api/v1/accounts', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(202);
    expect(identity.requests.at(-1)?.body.toString()).toBe(body);
    expect(answer.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    expect(answer.headers['content-security-policy']).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
    expect(answer.headers['x-powered-by']).toBeUndefined();
  });

  it('lets only the unsubscribe page post a form back to this origin, still with nothing else allowed', async () => {
    identity.on('GET /unsubscribe', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><form method="post" action="unsubscribe?token=t"></form>');
    });
    const page = await get('/api/v1/unsubscribe?token=t');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toBe("default-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'");
    // Not no-referrer: that would make the browser post the form with `Origin: null` (refused as foreign).
    expect(page.headers['referrer-policy']).toBe('same-origin');
    const other = await get('/api/v1/policies/privacy');
    expect(other.headers['content-security-policy']).toContain("form-action 'none'");
    expect(other.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers unknown API paths with problem+json, with a correlation id', async () => {
    const answer = await get('/api/v1/nope');
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.headers['x-correlation-id']).toBeDefined();
    expect(answer.text).not.toContain('stack');
  });

  it('answers other unknown paths with the 404 page, under the pages\' strict CSP', async () => {
    for (const path of ['/nope', '/API/v1/accounts']) {
      const answer = await get(path);
      expect([path, answer.status]).toEqual([path, 404]);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.headers['content-security-policy']).toBe(
        "default-src 'none';script-src 'self';style-src 'self';img-src 'self';connect-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none'",
      );
      expect(answer.headers['referrer-policy']).toBe('same-origin');
      expect(answer.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['x-powered-by']).toBeUndefined();
      expect(answer.text).toMatch(/<html lang="en">/u);
      expect(answer.text).toContain('<h1>Error 404</h1>');
      expect(answer.text).not.toContain('stack');
    }
  });

  it('reads page forms up to 100 kB, and policy publishing forms (two long texts) up to 4 MB', async () => {
    const form = (bytes: number) => ({ method: 'POST', body: `contentLv=${'a'.repeat(bytes)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const small = await get('/account/name', form(150_000));
    expect(small.status).toBe(413);
    expect(small.headers['content-type']).toBe('text/html; charset=utf-8');
    // Read, then sent to sign in (no session): a policy of 200,000 Latvian letters a language fits.
    const policy = await get('/admin/policies/preview', form(2 * 200_000 * 6));
    expect(policy.status).toBe(303);
    expect((await get('/admin/policies/preview', form(5_000_000))).status).toBe(413);
  });

  it('keeps probes and metrics off the public port (they are on MANAGEMENT_PORT), and counts its answers', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const answer = await get(path);
      expect([path, answer.status, answer.headers['content-type']]).toEqual([path, 404, 'text/html; charset=utf-8']);
    }
    const management = await startManagementApp(app, 0, createLogger({ service: 'gateway', level: 'silent' }));
    try {
      const base = (await management.getUrl()).replace('[::1]', '127.0.0.1');
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('sargs_gateway_errors_total{status="404"}');
      expect(metrics).toContain('sargs_gateway_upstream_duration_seconds_bucket');
    } finally {
      await management.close();
    }
  });

  it('never set a cookie on any of these answers', () => {
    expect(answers.length).toBeGreaterThan(5);
    expect(answers.filter((a) => a.headers['set-cookie'] !== undefined)).toEqual([]);
  });
});
