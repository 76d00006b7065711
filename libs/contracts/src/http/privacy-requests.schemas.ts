import { z } from 'zod';
import { uuidField } from './common.schemas';
import { pageQueryFields } from './list-paging.schemas';

/** Request and response bodies of docs/api.md "Privacy requests" and their staff console (R12, R22, R23). */

export const PRIVACY_REQUEST_TYPES = ['access', 'rectification', 'erasure', 'objection', 'question'] as const;
export type PrivacyRequestType = (typeof PRIVACY_REQUEST_TYPES)[number];

export const PRIVACY_REQUEST_STATUSES = ['open', 'answered', 'rejected'] as const;
export type PrivacyRequestStatus = (typeof PRIVACY_REQUEST_STATUSES)[number];

/** How staff close a request. */
export const PRIVACY_REQUEST_OUTCOMES = ['answered', 'rejected'] as const;
export type PrivacyRequestOutcome = (typeof PRIVACY_REQUEST_OUTCOMES)[number];

export const PRIVACY_REQUEST_MESSAGE_MAX = 5000;
export const PRIVACY_REQUEST_RESPONSE_MAX = 10_000;

// Free text keeps tabs and line breaks (CR LF and lone CR become LF), nothing else below U+0020,
// no DEL or C1 controls.
// eslint-disable-next-line no-control-regex
const TEXT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/** Characters as PostgreSQL counts them (code points), so the column length matches the check. */
const codePoints = (v: string): number => [...v].length;

const requestText = (max: number) =>
  z
    .string()
    .transform((v) => v.replace(/\r\n?/gu, '\n').trim().normalize('NFC'))
    .refine((v) => v.length >= 1, 'must not be empty')
    .refine((v) => codePoints(v) <= max, `must be at most ${max} characters`)
    .refine((v) => !TEXT_CONTROL.test(v), 'must not contain control characters other than line breaks and tabs');

/** POST /privacy-requests */
export const createPrivacyRequestBody = z
  .object({
    type: z.enum(PRIVACY_REQUEST_TYPES),
    message: requestText(PRIVACY_REQUEST_MESSAGE_MAX).describe(`what the person asks, 1-${PRIVACY_REQUEST_MESSAGE_MAX} characters`),
  })
  .strict();
export type CreatePrivacyRequestBody = z.infer<typeof createPrivacyRequestBody>;

/** 201 of POST /privacy-requests: the request's id and the date it must be answered by. */
export const privacyRequestCreatedView = z
  .object({
    id: uuidField,
    dueAt: z.string().datetime().describe('one calendar month after receipt, UTC (GDPR Art. 12(3))'),
  })
  .strict();
export type PrivacyRequestCreatedView = z.infer<typeof privacyRequestCreatedView>;

/** One of my requests (GET /me/privacy-requests). */
export const privacyRequestView = z
  .object({
    id: uuidField,
    type: z.enum(PRIVACY_REQUEST_TYPES),
    status: z.enum(PRIVACY_REQUEST_STATUSES),
    dueAt: z.string().datetime(),
    response: z.string().optional().describe("staff's answer, once answered or rejected"),
    createdAt: z.string().datetime(),
    answeredAt: z.string().datetime().optional(),
  })
  .strict();
export type PrivacyRequestView = z.infer<typeof privacyRequestView>;

/** One request as the staff console sees it: whose, what was asked, and whether it is late. */
export const staffPrivacyRequestView = privacyRequestView
  .extend({
    accountId: uuidField,
    message: z.string(),
    overdue: z.boolean().describe('still open after dueAt'),
    answeredBy: uuidField.optional().describe('the staff account that answered'),
  })
  .strict();
export type StaffPrivacyRequestView = z.infer<typeof staffPrivacyRequestView>;

/**
 * How the staff list is ordered: `newest` (received, newest first) or `due` (earliest due date
 * first, so with `status=open` the overdue requests lead: the work queue).
 */
export const PRIVACY_REQUEST_ORDERS = ['newest', 'due'] as const;
export type PrivacyRequestOrder = (typeof PRIVACY_REQUEST_ORDERS)[number];

/** GET /admin/privacy-requests?status=&order=&limit=&cursor= */
export const privacyRequestListQuery = z
  .object({ status: z.enum(PRIVACY_REQUEST_STATUSES).optional(), order: z.enum(PRIVACY_REQUEST_ORDERS).default('newest'), ...pageQueryFields })
  .passthrough();
export type PrivacyRequestListQuery = z.infer<typeof privacyRequestListQuery>;

/** PATCH /admin/privacy-requests/:id */
export const answerPrivacyRequestBody = z
  .object({
    status: z.enum(PRIVACY_REQUEST_OUTCOMES),
    response: requestText(PRIVACY_REQUEST_RESPONSE_MAX).describe(`the answer the person reads on their account page, 1-${PRIVACY_REQUEST_RESPONSE_MAX} characters`),
  })
  .strict();
export type AnswerPrivacyRequestBody = z.infer<typeof answerPrivacyRequestBody>;
