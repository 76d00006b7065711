import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';

/** Retention asks every service that holds tenant data for its section of an organisation's export (ExportSectionReady, subject: the organisation). */
export const TenantExportRequested = defineEvent({
  topic: TOPICS.privacyExport,
  type: 'TenantExportRequested',
  schemaVersion: 1,
  subject: 'orgId',
  payload: z
    .object({
      exportId: z.string().uuid(),
      orgId: z.string().uuid(),
      requestedAt: z.string().datetime({ offset: true }),
    })
    .strict(),
});
