import { z } from 'zod';
import { languageSchema } from '../language';

/**
 * Field schemas shared by the public API's request bodies. The services validate with them and
 * the gateway documents them (OpenAPI), so the contract and the check cannot drift apart.
 */

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators never belong in a
// name or an address; everything else a person writes (diacritics, apostrophes) does.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** Addresses compare case-insensitively: stored and looked up trimmed, NFC and lower-case. */
export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

const EVENT_EMAIL = z.string().email();

export const emailField = z
  .string()
  .max(254, 'must be at most 254 characters')
  .transform(normaliseEmail)
  // The same check the events' schemas apply, so an accepted address can always be published.
  .refine((e) => EVENT_EMAIL.safeParse(e).success && !CONTROL.test(e), 'must be an e-mail address');

export const personNameField = z
  .string()
  .transform((n) => n.trim().normalize('NFC'))
  .refine((n) => n.length >= 1, 'must not be empty')
  .refine((n) => n.length <= 200, 'must be at most 200 characters')
  .refine((n) => !CONTROL.test(n), 'must not contain control characters');

/** Shape only: the password policy itself (length, strength) is identity's and says more. */
export const passwordField = z.string().min(1, 'is required').max(1024, 'is too long');

/** A token from a mailed link: opaque, URL-safe. */
export const tokenField = z.string().min(1, 'is required').max(512, 'is too long');

export const languageField = languageSchema;

export const uuidField = z.string().uuid();

/** The body of every 202 that must not reveal whether an address is registered. */
export const acceptedResponse = z.object({ status: z.literal('accepted') }).strict();
export const ACCEPTED = { status: 'accepted' } as const;

/**
 * The events of a service's change feed (server-sent events) that gateways follow to keep
 * answers: `ready` once the service listens for changes, `alive` every second while it still
 * does, `changed` with the key of what changed. Reuse lasts only while the feed is connected and
 * alive.
 */
export const CHANGE_FEED_EVENTS = { ready: 'ready', alive: 'alive', changed: 'changed' } as const;
