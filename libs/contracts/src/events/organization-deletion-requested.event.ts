import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/**
 * An owner deleted the organisation: its members have lost access, and retention opens the
 * tenant erasure case under the caseId organizations minted (so the 202 can return it).
 */
export const OrganizationDeletionRequested = defineEvent({
  topic: TOPICS.organizationsOrganization,
  type: 'OrganizationDeletionRequested',
  schemaVersion: 1,
  subject: 'orgId',
  payload: z
    .object({
      orgId: z.string().uuid(),
      caseId: z.string().uuid(),
      requestedBy: z.string().uuid(),
      requestedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
