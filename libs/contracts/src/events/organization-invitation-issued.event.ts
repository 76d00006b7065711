import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { languageSchema } from '../language';
import { sealedSecretSchema } from '../sealed-secret';
import { TOPICS } from '../topics';

/** organizations asks notifications to mail an invitation link; the token travels sealed. */
export const OrganizationInvitationIssued = defineEvent({
  topic: TOPICS.organizationsOrganization,
  type: 'OrganizationInvitationIssued',
  schemaVersion: 1,
  subject: 'orgId',
  payload: z
    .object({
      invitationId: z.string().uuid(),
      orgId: z.string().uuid(),
      organizationName: z.string().min(1).max(200),
      email: z.string().email().max(254),
      role: z.enum(['admin', 'member']),
      /** The inviter's language: the invited address may have no account yet. */
      language: languageSchema,
      token: sealedSecretSchema,
      expiresAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
