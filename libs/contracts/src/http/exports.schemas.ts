import { z } from 'zod';
import { uuidField } from './common.schemas';

/** Response bodies of a person's data export (docs/api.md "Exports", R11). */

export const EXPORT_STATUSES = ['pending', 'ready', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** POST /me/exports: the new export, or the one still pending (one at a time per person). */
export const exportCreatedView = z.object({ id: uuidField }).strict();
export type ExportCreatedView = z.infer<typeof exportCreatedView>;

/** GET /me/exports/:id */
export const exportStatusView = z
  .object({
    id: uuidField,
    status: z.enum(EXPORT_STATUSES),
    requestedAt: z.string().datetime(),
    readyAt: z.string().datetime().optional().describe('when every service had sent its section'),
    expiresAt: z.string().datetime().optional().describe('after this the export is gone (404)'),
  })
  .strict();
export type ExportStatusView = z.infer<typeof exportStatusView>;

/** GET /me/exports: my exports that have not expired, newest first, each as GET /me/exports/:id shows it. */
export const myExportsView = z.array(exportStatusView);
export type MyExportsView = z.infer<typeof myExportsView>;

/** GET /me/exports/:id/download: every service's rows about me, per table. */
export const exportDocumentView = z
  .object({
    exportId: uuidField,
    subjectId: uuidField,
    generatedAt: z.string().datetime(),
    sections: z
      .record(z.string(), z.record(z.string(), z.array(z.record(z.string(), z.unknown()))))
      .describe('per service, per table, the rows about me'),
  })
  .strict();
export type ExportDocumentView = z.infer<typeof exportDocumentView>;

/** GET /orgs/:id/exports: the organisation's exports that have not expired, newest first, each as GET /orgs/:id/exports/:eid shows it. */
export const orgExportsView = z.array(exportStatusView);
export type OrgExportsView = z.infer<typeof orgExportsView>;

/**
 * GET /orgs/:id/exports/:eid/download: every service that holds tenant data, per table, the
 * organisation's rows (the organisation, its members, contacts, DPA acceptances); and `retention`,
 * the audit trail's entries about the organisation.
 */
export const orgExportDocumentView = z
  .object({
    exportId: uuidField,
    orgId: uuidField,
    generatedAt: z.string().datetime(),
    sections: z
      .record(z.string(), z.record(z.string(), z.array(z.record(z.string(), z.unknown()))))
      .describe("per service, per table, the organisation's rows; `retention.audit_entry`: the audit entries about it"),
  })
  .strict();
export type OrgExportDocumentView = z.infer<typeof orgExportDocumentView>;
