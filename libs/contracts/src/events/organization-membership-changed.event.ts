import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { ORG_ROLES } from '../http/organizations.roles';
import { TOPICS } from '../topics';

/**
 * A member joined, changed role or left (`role: null`). notifications keeps who owns and
 * administers each organisation from these, to mail them service notices and incidents.
 */
export const OrganizationMembershipChanged = defineEvent({
  topic: TOPICS.organizationsOrganization,
  type: 'OrganizationMembershipChanged',
  schemaVersion: 1,
  subject: 'orgId',
  payload: z
    .object({
      orgId: z.string().uuid(),
      accountId: z.string().uuid(),
      role: z.enum(ORG_ROLES).nullable(),
      changedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
