import { z } from 'zod';
import { passwordField } from './common.schemas';

/** Request and response bodies of docs/api.md "Second factor". */

/**
 * A TOTP code (six digits) or a recovery code (16 letters and digits, dashes and spaces ignored).
 * Any other string is a wrong code, answered like one, so the shape tells nothing.
 */
export const mfaCodeField = z.string().min(1, 'is required').max(64, 'is too long');

export const mfaCodeBody = z.object({ code: mfaCodeField }).strict();
export type MfaCodeBody = z.infer<typeof mfaCodeBody>;

export const totpRemovalBody = z.object({ password: passwordField, code: mfaCodeField }).strict();
export type TotpRemovalBody = z.infer<typeof totpRemovalBody>;

/** POST /me/mfa/totp: the secret to put in an authenticator app; it works once confirmed. */
export const totpEnrolmentView = z.object({ secret: z.string(), otpauthUri: z.string() }).strict();

/** POST /me/mfa/totp/confirm: ten single-use codes, shown this once (only their hashes are kept). */
export const recoveryCodesView = z.object({ recoveryCodes: z.array(z.string()).length(10) }).strict();
