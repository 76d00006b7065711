import type { RouteRow } from '@sargs/contracts';
import { RouteMatcher } from './route-matcher';
import { ROUTE_TABLE } from './route-table';

const row = (method: RouteRow['method'], path: string): RouteRow => ({ method, path, service: 'identity', access: 'public', body: 'none', summary: path, responses: {} });

describe('RouteMatcher', () => {
  const matcher = new RouteMatcher(ROUTE_TABLE);

  it('finds static routes by method and path', () => {
    const match = matcher.match('POST', '/accounts/verification');
    expect(match).toMatchObject({ kind: 'found', route: { method: 'POST', path: '/accounts/verification' }, params: {} });
  });

  it('prefers a static segment over a parameter', () => {
    expect(matcher.match('DELETE', '/sessions/current')).toMatchObject({ kind: 'found', route: { path: '/sessions/current' } });
    expect(matcher.match('DELETE', '/sessions/8d2c')).toMatchObject({ kind: 'found', route: { path: '/sessions/:id' }, params: { id: '8d2c' } });
  });

  it('takes one unreserved segment as a parameter, nothing else', () => {
    expect(matcher.match('POST', '/admin/accounts/a-b_c.d~e/closure')).toMatchObject({ kind: 'found', params: { id: 'a-b_c.d~e' } });
    for (const path of ['/sessions/a%2Fb', '/sessions/..', '/sessions/.', '/sessions/', '/sessions/a/b', '/admin/accounts//closure', '/sessions/a b', '/sessions/é']) {
      expect([path, matcher.match('DELETE', path).kind]).toEqual([path, 'not-found']);
    }
  });

  it('tells 404 from 405, listing the methods the path has', () => {
    expect(matcher.match('GET', '/nope')).toEqual({ kind: 'not-found' });
    expect(matcher.match('GET', '')).toEqual({ kind: 'not-found' });
    expect(matcher.match('GET', '/accounts/')).toEqual({ kind: 'not-found' });
    expect(matcher.match('GET', '/ACCOUNTS')).toEqual({ kind: 'not-found' });
    expect(matcher.match('GET', '/accounts')).toEqual({ kind: 'method-not-allowed', allow: ['POST'] });
    expect(matcher.match('PATCH', '/sessions')).toEqual({ kind: 'method-not-allowed', allow: ['POST', 'GET'] });
    expect(matcher.match('HEAD', '/me')).toEqual({ kind: 'method-not-allowed', allow: ['GET'] });
  });

  it('refuses a table with a route twice or a malformed path', () => {
    expect(() => new RouteMatcher([row('GET', '/a/:x'), row('GET', '/a/:y')])).toThrow('twice');
    expect(() => new RouteMatcher([row('GET', '/a/')])).toThrow('must start and not end with /');
    expect(() => new RouteMatcher([row('GET', '/a/:1x')])).toThrow('bad parameter name');
  });
});
