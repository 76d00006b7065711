import { z } from 'zod';
import { emailField, personNameField, uuidField } from './common.schemas';
import { pageQueryFields } from './list-paging.schemas';

/** Request and response bodies of docs/api.md "Organisations": contacts, an organisation's business data about people. */

export const CONTACT_KINDS = ['customer', 'supplier', 'partner', 'employee'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const CONTACT_PHONE_MAX = 40;
export const CONTACT_NOTE_MAX = 2000;

/** Characters as PostgreSQL counts them (code points), so the column length matches the check. */
const codePoints = (v: string): number => [...v].length;

// A note keeps tabs and line breaks (CR LF and lone CR become LF), nothing else below U+0020,
// no DEL or C1 controls.
// eslint-disable-next-line no-control-regex
const NOTE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/**
 * A telephone number as people write it: digits, one leading `+`, and the separators that group
 * them (space, `-`, `.`, `/`, parentheses); at least 3 digits. Not checked against a numbering plan.
 */
export const contactPhoneField = z
  .string()
  .transform((v) => v.trim())
  .refine((v) => v.length >= 1, 'must not be empty')
  .refine((v) => v.length <= CONTACT_PHONE_MAX, `must be at most ${CONTACT_PHONE_MAX} characters`)
  .refine((v) => /^\+?[0-9 ()./-]+$/u.test(v) && (v.match(/[0-9]/gu)?.length ?? 0) >= 3, 'must be a telephone number (digits, an optional leading +, spaces, - . / ( ))');

/** Free text about the contact: trimmed, composed (NFC), line breaks and tabs kept. */
export const contactNoteField = z
  .string()
  .transform((v) => v.replace(/\r\n?/gu, '\n').trim().normalize('NFC'))
  .refine((v) => v.length >= 1, 'must not be empty')
  .refine((v) => codePoints(v) <= CONTACT_NOTE_MAX, `must be at most ${CONTACT_NOTE_MAX} characters`)
  .refine((v) => !NOTE_CONTROL.test(v), 'must not contain control characters other than line breaks and tabs');

const contactKindField = z.enum(CONTACT_KINDS);

/** POST /orgs/:id/contacts. `email`, `phone`, `note`: absent or null for none. The address is stored normalised (trimmed, NFC, lower-case). */
export const createContactBody = z
  .object({
    kind: contactKindField,
    name: personNameField.describe('1-200 characters, kept as written (trimmed, NFC)'),
    email: emailField.nullable().optional(),
    phone: contactPhoneField.nullable().optional().describe(`at most ${CONTACT_PHONE_MAX} characters`),
    note: contactNoteField.nullable().optional().describe(`at most ${CONTACT_NOTE_MAX} characters; line breaks and tabs kept`),
  })
  .strict();
export type CreateContactBody = z.output<typeof createContactBody>;

/** PATCH /orgs/:id/contacts/:contactId: at least one field; null clears `email`, `phone` or `note`. */
export const updateContactBody = z
  .object({
    kind: contactKindField.optional(),
    name: personNameField.optional(),
    email: emailField.nullable().optional(),
    phone: contactPhoneField.nullable().optional(),
    note: contactNoteField.nullable().optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((v) => v !== undefined), 'must name at least one of kind, name, email, phone, note');
export type UpdateContactBody = z.output<typeof updateContactBody>;

/** A contact as the API shows it. */
export const contactView = z
  .object({
    id: uuidField,
    kind: contactKindField,
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    note: z.string().nullable(),
  })
  .strict();
export type ContactView = z.infer<typeof contactView>;

/** 201 of POST /orgs/:id/contacts. */
export const contactCreated = z.object({ id: uuidField }).strict();

/**
 * GET /orgs/:id/contacts: with `email`, the contacts with exactly that address (compared
 * normalised, as stored); without, every contact. Newest first, paged either way.
 */
export const contactListQuery = z.object({ email: emailField.optional(), ...pageQueryFields }).passthrough();
export type ContactListQuery = z.output<typeof contactListQuery>;
