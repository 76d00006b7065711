import { RETENTION_ROUTES } from '@sargs/contracts';
import { handlerRoutes, rowRoutes } from '@sargs/testing';
import { retentionService } from './retention.definition';

describe('retention routes: the gateway rows and the handlers agree on method, path and access', () => {
  it('mounts a handler with the same access rule for each row, and nothing besides', () => {
    expect(handlerRoutes(retentionService.features)).toEqual(rowRoutes(RETENTION_ROUTES));
  });
});
