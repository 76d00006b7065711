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

// ---- passkeys (WebAuthn) ------------------------------------------------------------------

/** Unpadded base64url (WebAuthn's JSON encoding of binary values). */
const base64url = (maxLength: number) =>
  z
    .string()
    .min(1, 'is required')
    .max(maxLength, 'is too long')
    .regex(/^[A-Za-z0-9_-]+$/u, 'must be base64url');

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** The owner's label for a passkey ("Laptop", "Phone"). */
export const passkeyNameField = z
  .string()
  .transform((n) => n.trim().normalize('NFC'))
  .refine((n) => n.length >= 1, 'must not be empty')
  .refine((n) => n.length <= 64, 'must be at most 64 characters')
  .refine((n) => !CONTROL.test(n), 'must not contain control characters');

/** The id of a challenge the server handed out with its options: one answer, within five minutes. */
export const passkeyChallengeIdField = z.string().uuid('is not a challenge id');

/** A credential id is at most 1023 bytes (WebAuthn level 3). */
const credentialId = base64url(1366);
const extensionResults = z.record(z.string(), z.unknown()).optional();

/**
 * A new passkey as the browser made it (`PublicKeyCredential` from navigator.credentials.create,
 * binary values base64url). Other members a browser adds (`toJSON()`'s extras) are ignored.
 */
export const passkeyRegistrationCredential = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(8192),
    attestationObject: base64url(32768),
    // Hints only (usb, nfc, ble, hybrid, internal…): names a newer browser adds are kept out, not refused.
    transports: z.array(z.string().max(32)).max(16).optional(),
  }),
  clientExtensionResults: extensionResults,
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

/** A passkey's signature (`PublicKeyCredential` from navigator.credentials.get, binary values base64url). */
export const passkeyAssertionCredential = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(8192),
    authenticatorData: base64url(8192),
    signature: base64url(1024),
    userHandle: base64url(128).optional(),
  }),
  clientExtensionResults: extensionResults,
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});
export type PasskeyAssertionCredential = z.infer<typeof passkeyAssertionCredential>;

export const passkeyRegistrationBody = z.object({ challengeId: passkeyChallengeIdField, name: passkeyNameField, credential: passkeyRegistrationCredential }).strict();
export type PasskeyRegistrationBody = z.infer<typeof passkeyRegistrationBody>;

export const passkeyAssertionBody = z.object({ challengeId: passkeyChallengeIdField, credential: passkeyAssertionCredential }).strict();
export type PasskeyAssertionBody = z.infer<typeof passkeyAssertionBody>;

export const passkeyRemovalBody = z.object({ password: passwordField }).strict();
export type PasskeyRemovalBody = z.infer<typeof passkeyRemovalBody>;

/**
 * What to pass to navigator.credentials.create or .get (`options`: WebAuthn's
 * PublicKeyCredentialCreationOptionsJSON or PublicKeyCredentialRequestOptionsJSON, binary values
 * base64url), and the challenge's id to send back with the answer.
 */
export const passkeyOptionsView = z.object({ challengeId: z.string().uuid(), options: z.object({ challenge: z.string() }).passthrough() }).strict();

/** One of my passkeys. */
export const passkeyView = z
  .object({ id: z.string().uuid(), name: z.string(), createdAt: z.string().datetime(), lastUsedAt: z.string().datetime().nullable() })
  .strict();
export type PasskeyView = z.infer<typeof passkeyView>;

/** A passkey added; with the ten recovery codes (shown this once) when it is the account's first second factor. */
export const passkeyAddedView = z.object({ passkey: passkeyView, recoveryCodes: z.array(z.string()).length(10).optional() }).strict();
