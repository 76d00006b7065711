import { CONTACTS_ROUTES } from '@sargs/contracts';
import { handlerRoutes, rowRoutes } from '@sargs/testing';
import { contactsService } from './contacts.definition';

describe('contacts routes: the gateway rows and the handlers agree on method, path, access and member roles', () => {
  it('mounts a handler with the same access rule for each row, and nothing besides', () => {
    expect(handlerRoutes(contactsService.features)).toEqual(rowRoutes(CONTACTS_ROUTES));
  });

  it('makes every row a tenant row: the gateway asks organizations, the service scopes its database by the org claim', () => {
    expect(CONTACTS_ROUTES.filter((row) => !row.tenant || !row.path.startsWith('/orgs/:id/'))).toEqual([]);
  });
});
