import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { ROLE_NAMES } from '../http/roles';
import { TOPICS } from '../topics';

/**
 * An admin changed an account's staff roles (PUT /admin/accounts/:id/roles): every session of the
 * account was revoked in the same transaction, and notifications tells the person (a security
 * mail). `roles` is every role the account holds now; ids and role names only.
 */
export const AccountRolesChanged = defineEvent({
  topic: TOPICS.identityAccount,
  type: 'AccountRolesChanged',
  schemaVersion: 1,
  payload: z
    .object({
      accountId: z.string().uuid(),
      roles: z.array(z.enum(ROLE_NAMES)).max(ROLE_NAMES.length),
      changedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
