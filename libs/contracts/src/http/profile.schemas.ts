import { z } from 'zod';
import { emailField, languageField, passwordField, personNameField, tokenField } from './common.schemas';

/** Request bodies of docs/api.md "Profile and preferences". */

/** PATCH /me/profile: at least one of the two; anything else is refused. */
export const updateProfileBody = z
  .object({ name: personNameField.optional(), language: languageField.optional() })
  .strict()
  .refine((body) => body.name !== undefined || body.language !== undefined, 'must name at least one of name, language');

/** POST /me/email-change: the new address and the current password, re-entered. */
export const emailChangeBody = z.object({ newEmail: emailField, password: passwordField }).strict();
export type EmailChangeBody = z.infer<typeof emailChangeBody>;

/** POST /me/email-change/confirm: the token mailed to the new address. */
export const emailChangeConfirmBody = z.object({ token: tokenField }).strict();
export type EmailChangeConfirmBody = z.infer<typeof emailChangeConfirmBody>;

/** PUT /preferences/language: the interface language, kept in the `lang` cookie. */
export const languagePreferenceBody = z.object({ language: languageField }).strict();
