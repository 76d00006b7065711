import { IDENTITY_ROUTES } from '@sargs/contracts';
import { handlerRoutes, rowRoutes } from '@sargs/testing';
import { identityService } from './identity.definition';

/** The gateway's own calls to identity, never routed from outside (docs/gateway.md "Sessions"; the password check of RouteSpecial `confirm-password`). */
const INTERNAL = [
  { method: 'POST', path: '/internal/password-confirmations', access: 'session' },
  { method: 'POST', path: '/internal/sessions/resolve', access: 'public' },
  { method: 'GET', path: '/internal/sessions/changes', access: 'public' },
];

describe('identity routes: the gateway rows and the handlers agree on method, path and access', () => {
  it('mounts a handler with the same access rule for each row, and nothing besides the internal calls', () => {
    const routed = handlerRoutes(identityService.features).filter((route) => !INTERNAL.some((internal) => internal.path === route.path));
    expect(routed).toEqual(rowRoutes(IDENTITY_ROUTES));
    expect(handlerRoutes(identityService.features)).toEqual(expect.arrayContaining(INTERNAL));
  });
});
