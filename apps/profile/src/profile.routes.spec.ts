import { PROFILE_ROUTES } from '@sargs/contracts';
import { handlerRoutes, rowRoutes } from '@sargs/testing';
import { profileService } from './profile.definition';

describe('profile routes: the gateway rows and the handlers agree on method, path and access', () => {
  it('mounts a handler with the same access rule for each row, and nothing besides', () => {
    expect(handlerRoutes(profileService.features)).toEqual(rowRoutes(PROFILE_ROUTES));
  });
});
