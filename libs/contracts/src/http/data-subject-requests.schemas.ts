import { z } from 'zod';
import { emailField, uuidField } from './common.schemas';
import { pageQueryFields } from './list-paging.schemas';

/**
 * Request and response bodies of an organisation's data-subject requests (docs/api.md,
 * "Organisations"; GDPR Art. 28(3)(e)): the organisation, as controller, asks what it holds about
 * an address (`access`) or has it deleted (`erasure`), within itself only.
 */

export const DATA_SUBJECT_REQUEST_TYPES = ['access', 'erasure'] as const;
export type DataSubjectRequestType = (typeof DATA_SUBJECT_REQUEST_TYPES)[number];
export const DATA_SUBJECT_REQUEST_STATUSES = ['pending', 'completed'] as const;
export type DataSubjectRequestStatus = (typeof DATA_SUBJECT_REQUEST_STATUSES)[number];

/** POST /orgs/:id/data-subject-requests. The address is compared normalised (trimmed, NFC, lower-case). */
export const createDataSubjectRequestBody = z.object({ email: emailField, type: z.enum(DATA_SUBJECT_REQUEST_TYPES) }).strict();
export type CreateDataSubjectRequestBody = z.infer<typeof createDataSubjectRequestBody>;

export const dataSubjectRequestCreatedView = z.object({ id: uuidField }).strict();

const row = z.record(z.string(), z.unknown());

/** One request as the list shows it: no result. */
export const dataSubjectRequestSummary = z
  .object({
    id: uuidField,
    type: z.enum(DATA_SUBJECT_REQUEST_TYPES),
    status: z.enum(DATA_SUBJECT_REQUEST_STATUSES),
    email: z.string().nullable().describe('the address while the request is pending; null once it is completed (the address is then erased, only a keyed hash kept)'),
    requestedAt: z.string().datetime(),
    completedAt: z.string().datetime().nullable(),
    services: z.array(z.object({ service: z.string(), answeredAt: z.string().datetime().nullable() }).strict()).describe('every service that holds tenant data, and when it answered'),
    overdue: z.boolean().describe('a service has not answered in time (it is asked again; operators are alerted)'),
  })
  .strict();
export type DataSubjectRequestSummary = z.infer<typeof dataSubjectRequestSummary>;

/**
 * GET /orgs/:id/data-subject-requests/:rid. `result` once completed, per service, per table: the
 * rows about the address (`access`) or how many were deleted (`erasure`). An access result is
 * personal data: it is kept until `resultExpiresAt`, then only the request remains.
 */
export const dataSubjectRequestView = dataSubjectRequestSummary
  .extend({
    result: z.record(z.string(), z.record(z.string(), z.union([z.array(row), z.number().int().nonnegative()]))).optional(),
    resultExpiresAt: z.string().datetime().nullable().describe('access: when the rows found are deleted from the result; null otherwise'),
  })
  .strict();
export type DataSubjectRequestView = z.infer<typeof dataSubjectRequestView>;

/** GET /orgs/:id/data-subject-requests: newest first; with `email`, only the requests about that address (also completed ones, by its hash). */
export const dataSubjectRequestListQuery = z.object({ email: emailField.optional(), ...pageQueryFields }).passthrough();
export type DataSubjectRequestListQuery = z.infer<typeof dataSubjectRequestListQuery>;
