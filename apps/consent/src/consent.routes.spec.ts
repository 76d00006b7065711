import { CONSENT_ROUTES } from '@sargs/contracts';
import { handlerRoutes, rowRoutes } from '@sargs/testing';
import { consentService } from './consent.definition';

describe('consent routes: the gateway rows and the handlers agree on method, path and access', () => {
  it('mounts a handler with the same access rule for each row, and nothing besides', () => {
    expect(handlerRoutes(consentService.features)).toEqual(rowRoutes(CONSENT_ROUTES));
  });
});
