import { z } from 'zod';
import { ROLE_NAMES } from './roles';
import { emailField, languageField, passwordField, personNameField, tokenField, uuidField } from './common.schemas';

/** Request and response bodies of docs/api.md "Accounts and sessions". */

export const registerAccountBody = z
  .object({
    name: personNameField,
    email: emailField,
    password: passwordField,
    language: languageField.optional(),
    acceptedPolicyVersion: z.string().min(1).max(50),
    marketingEmails: z.boolean().optional(),
  })
  .strict();
export type RegisterAccountBody = z.infer<typeof registerAccountBody>;

export const verificationBody = z.object({ token: tokenField }).strict();
export type VerificationBody = z.infer<typeof verificationBody>;
export const emailOnlyBody = z.object({ email: emailField }).strict();
export type EmailOnlyBody = z.infer<typeof emailOnlyBody>;

/** Login takes any strings: a malformed address is just a failed login, with the one 401 body. */
export const loginBody = z
  .object({ email: z.string().min(1, 'is required').max(254, 'is too long'), password: passwordField })
  .strict();

export const changePasswordBody = z.object({ currentPassword: passwordField, newPassword: passwordField }).strict();
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;
export const passwordResetConfirmBody = z.object({ token: tokenField, newPassword: passwordField }).strict();
export type PasswordResetConfirmBody = z.infer<typeof passwordResetConfirmBody>;
export const closureBody = z.object({ password: passwordField }).strict();
export type ClosureBody = z.infer<typeof closureBody>;

export const sessionView = z
  .object({
    id: uuidField,
    createdAt: z.string().datetime(),
    lastSeenAt: z.string().datetime(),
    expiresAt: z.string().datetime(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .strict();

/**
 * What a login answers (the gateway keeps identity's `token` for the cookie and drops it).
 * `mfaRequired`: the account has a second factor, and this session can only complete the login
 * (POST /sessions/current/mfa) or end until it is given.
 */
export const createdSessionView = z
  .object({ id: uuidField, createdAt: z.string().datetime(), expiresAt: z.string().datetime(), mfaRequired: z.boolean() })
  .strict();

/**
 * Where a session stands with the second factor: `none` (the account had none at login),
 * `pending` (one is needed and not given yet), `done` (given: a TOTP or recovery code, or a passkey).
 */
export const SECOND_FACTOR_STATES = ['none', 'pending', 'done'] as const;
export type SecondFactorStateName = (typeof SECOND_FACTOR_STATES)[number];

/** The second factors an account has: shown in GET /me. */
export const mfaSummary = z.object({ totp: z.boolean(), passkeys: z.number().int().min(0) }).strict();

export const accountView = z
  .object({
    id: uuidField,
    email: z.string(),
    roles: z.array(z.enum(ROLE_NAMES)),
    emailVerified: z.boolean(),
    createdAt: z.string().datetime(),
    passwordChangedAt: z.string().datetime(),
    mfa: mfaSummary,
  })
  .strict();

export const profileView = z.object({ name: z.string(), email: z.string(), language: languageField }).strict();

/** GET /me: identity's account and profile's name and language, composed by the gateway. */
export const meView = accountView.extend({ name: z.string(), language: languageField }).strict();

export const closureAccepted = z.object({ caseId: uuidField }).strict();

/** Gateway to identity: which session does this cookie name? The gateway sends only its SHA-256. */
export const resolveSessionBody = z.object({ tokenHash: z.string().regex(/^[A-Za-z0-9_-]{43}$/u) }).strict();
export type ResolveSessionBody = z.infer<typeof resolveSessionBody>;
/**
 * The answer carries the account view too: the lookup joins the account anyway, and GET /me then
 * needs only profile besides (one hop fewer on the hottest authenticated read).
 */
export const resolvedSession = z
  .object({
    sessionId: uuidField,
    accountId: uuidField,
    roles: z.array(z.enum(ROLE_NAMES)),
    secondFactor: z.enum(SECOND_FACTOR_STATES),
    account: accountView,
    /**
     * How long the gateway may reuse this answer while its change feed is connected: until the
     * session expires or its idle clock needs a touch, whichever is first. A revocation or account
     * change ends the reuse at once through the feed (SESSION_CHANGES_PATH), not by this.
     */
    freshForMs: z.number().int().nonnegative(),
    /**
     * identity's copy of the name and language (kept by ProfileChanged): GET /me is composed from
     * it without asking profile, unless this gateway relayed a profile change the copy does not
     * show yet (docs/gateway.md, "GET /me").
     */
    profile: z.object({ name: z.string(), language: languageField }).strict().optional(),
  })
  .strict();

/**
 * identity's change feed (server-sent events, CHANGE_FEED_EVENTS), read by every gateway
 * instance: `changed` carries an account id whenever that account or one of its sessions
 * changed. A gateway reuses session answers only while the feed is connected and alive.
 */
export const SESSION_CHANGES_PATH = '/internal/sessions/changes';
