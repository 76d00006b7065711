import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet from 'helmet';
import { headersOf, securityHeaders } from './security-headers';

/** The headers a real response carries after a middleware ran on it, through a real server. */
async function answeredHeaders(middleware: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void, path = '/') {
  const server = createServer((req, res) => middleware(req, res, () => res.end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
    const headers: Record<string, string> = {};
    answer.headers.forEach((value, name) => (headers[name] = value));
    for (const own of ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']) delete headers[own];
    return headers;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('security headers', () => {
  it('reads the same headers from a helmet configuration as helmet sets on a response', async () => {
    const middleware = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"] } }, xFrameOptions: { action: 'deny' } });
    const read = Object.fromEntries(headersOf(middleware).map(([name, value]) => [name.toLowerCase(), value]));
    expect(read).toEqual(await answeredHeaders(middleware));
    expect(read['content-security-policy']).toBe("default-src 'none'");
    expect(read['x-frame-options']).toBe('DENY');
  });

  it('refuses a configuration helmet would not finish synchronously', () => {
    const late = ((_req: IncomingMessage, _res: ServerResponse, next: () => void) => void setImmediate(next)) as unknown as ReturnType<typeof helmet>;
    expect(() => headersOf(late)).toThrow('synchronously');
  });

  it.each([
    ['/api/v1/me', "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'"],
    ['/api/v1/unsubscribe?token=t', "default-src 'none';base-uri 'none';form-action 'self';frame-ancestors 'none'"],
    ['/api/docs', "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'"],
  ])('gives %s its CSP with the rest of the set', async (path, csp) => {
    const headers = await answeredHeaders(securityHeaders, path);
    expect(headers['content-security-policy']).toBe(csp);
    expect(headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(headers['x-powered-by']).toBeUndefined();
  });
});
