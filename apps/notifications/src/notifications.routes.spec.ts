import { NOTIFICATIONS_ROUTES } from '@sargs/contracts';
import { handlerRoutes, rowRoutes } from '@sargs/testing';
import { notificationsService } from './notifications.definition';

describe('notifications routes: the gateway rows and the handlers agree on method, path and access', () => {
  it('mounts a handler with the same access rule for each row, and nothing besides', () => {
    expect(handlerRoutes(notificationsService.features)).toEqual(rowRoutes(NOTIFICATIONS_ROUTES));
  });
});
