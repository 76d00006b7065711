import { z } from 'zod';
import { uuidField } from './common.schemas';
import { ORG_ROLES } from './organizations.roles';

/** Request and response bodies of docs/api.md "Organisations" (organizations). */

/** The gateway asks organizations, per tenant request, who the caller is in the organisation (internal, not public). */
export const membershipLookupBody = z.object({ orgId: uuidField, accountId: uuidField }).strict();
export const membershipLookupAnswer = z.object({ role: z.enum(ORG_ROLES) }).strict();
