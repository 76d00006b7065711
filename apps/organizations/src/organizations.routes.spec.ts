import { ORGANIZATIONS_ROUTES } from '@sargs/contracts';
import { handlerRoutes, rowRoutes } from '@sargs/testing';
import { organizationsService } from './organizations.definition';

/**
 * The gateway's own calls to organizations, never routed from outside (docs/tenancy.md): the
 * membership lookup and the change feed that lets it reuse the answers.
 */
const INTERNAL = [
  { method: 'POST', path: '/internal/memberships/resolve', access: 'public' },
  { method: 'GET', path: '/internal/memberships/changes', access: 'public' },
];

describe('organizations routes: the gateway rows and the handlers agree on method, path, access and member roles', () => {
  it('mounts a handler with the same access rule (and the same roles on a tenant row) for each row, and nothing besides the membership lookup and its change feed', () => {
    const routed = handlerRoutes(organizationsService.features).filter((route) => !INTERNAL.some((internal) => internal.path === route.path));
    expect(routed).toEqual(rowRoutes(ORGANIZATIONS_ROUTES));
    expect(handlerRoutes(organizationsService.features)).toEqual(expect.arrayContaining(INTERNAL));
  });

  it('marks every row under /orgs/:id as a tenant row, and no other', () => {
    for (const row of ORGANIZATIONS_ROUTES) expect({ path: row.path, tenant: row.tenant !== undefined }).toEqual({ path: row.path, tenant: row.path.startsWith('/orgs/:id') });
  });
});
