import { z } from 'zod';
import { uuidField } from './common.schemas';

/** Request and response bodies of the staff broadcasts in docs/api.md "Staff": incidents and campaigns. */

// Staff-written lines (titles, subjects) end up in a mail header: no control characters at all.
// eslint-disable-next-line no-control-regex
const LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// Multi-line text keeps tabs and line breaks, nothing else below U+0020.
// eslint-disable-next-line no-control-regex
const TEXT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

const lineField = (max: number) =>
  z
    .string()
    .transform((v) => v.trim().normalize('NFC'))
    .refine((v) => v.length >= 1, 'must not be empty')
    .refine((v) => v.length <= max, `must be at most ${max} characters`)
    .refine((v) => !LINE_CONTROL.test(v), 'must be one line without control characters');

const textField = (max: number) =>
  z
    .string()
    .transform((v) => v.replace(/\r\n?/gu, '\n').trim().normalize('NFC'))
    .refine((v) => v.length >= 1, 'must not be empty')
    .refine((v) => v.length <= max, `must be at most ${max} characters`)
    .refine((v) => !TEXT_CONTROL.test(v), 'must not contain control characters');

const inBothLanguages = <T extends z.ZodTypeAny>(field: T) => z.object({ lv: field, en: field }).strict();

/** At most this many listed accounts per incident; larger audiences use "all". */
export const MAX_LISTED_RECIPIENTS = 10_000;

/** At most this many organisations per incident. */
export const MAX_AUDIENCE_ORGANISATIONS = 10_000;

/**
 * POST /admin/incidents (R17): a security notice, sent regardless of marketing consent. With
 * `audienceOrgIds` (a breach of organisations' data, GDPR Art. 33(2)) it goes to the owners and
 * admins of those organisations instead of every account (`audience: "all"`), besides any accounts
 * the audience lists.
 */
export const createIncidentBody = z
  .object({
    title: lineField(200),
    message: inBothLanguages(textField(20_000)),
    audience: z.union([
      z.literal('all'),
      z
        .object({
          accountIds: z
            .array(uuidField)
            .min(1, 'must list at least one account')
            .max(MAX_LISTED_RECIPIENTS, `must list at most ${MAX_LISTED_RECIPIENTS} accounts`),
        })
        .strict(),
    ]),
    audienceOrgIds: z
      .array(uuidField)
      .min(1, 'must list at least one organisation')
      .max(MAX_AUDIENCE_ORGANISATIONS, `must list at most ${MAX_AUDIENCE_ORGANISATIONS} organisations`)
      .optional(),
  })
  .strict();
export type CreateIncidentBody = z.infer<typeof createIncidentBody>;

/** POST /admin/campaigns (R18): marketing mail, only to current opt-ins. */
export const createCampaignBody = z
  .object({
    subject: inBothLanguages(lineField(200)),
    body: inBothLanguages(textField(50_000)),
  })
  .strict();
export type CreateCampaignBody = z.infer<typeof createCampaignBody>;

export const broadcastCreatedView = z.object({ id: uuidField }).strict();

/** Delivery counts of one broadcast; every recipient is in exactly one of them. */
export const broadcastStatusView = z
  .object({
    id: uuidField,
    kind: z.enum(['incident', 'campaign', 'policy-notice']),
    title: z.string().optional().describe('incidents: the title staff gave it'),
    subject: z.object({ lv: z.string(), en: z.string() }).strict().optional().describe('campaigns: the subject in both languages'),
    createdAt: z.string().datetime(),
    createdBy: uuidField.nullable().describe('the staff account that declared or sent it'),
    notified: z.number().int().describe('mails the relay accepted'),
    pending: z.number().int().describe('recipients not yet mailed, including those not yet queued'),
    failed: z.number().int().describe('mails the relay refused for good, or that ran out of attempts'),
    skipped: z
      .number()
      .int()
      .describe('recipients dropped before sending: closed since, no current opt-in (campaigns), or listed but unknown or unverified'),
    queuedAll: z.boolean().describe('every recipient has been queued'),
  })
  .strict();
export type BroadcastStatusView = z.infer<typeof broadcastStatusView>;
