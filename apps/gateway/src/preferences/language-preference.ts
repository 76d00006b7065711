import { languagePreferenceBody, type Language } from '@sargs/contracts';
import { InvalidInputError, parseInput, problemOf, type ProblemDetails } from '@sargs/platform/service/http';

export type LanguagePreference = { kind: 'ok'; language: Language } | { kind: 'invalid'; problem: ProblemDetails };

/**
 * The body of PUT /preferences/language, which the gateway answers itself: validated with the
 * contract's schema and worded as every service words a 422 (`parseInput`). `bytes` has already
 * passed the gateway's JSON check; no body at all is a missing `language`.
 */
export function parseLanguagePreference(bytes: Buffer | undefined): LanguagePreference {
  try {
    const body: unknown = bytes ? JSON.parse(bytes.toString('utf8')) : undefined;
    return { kind: 'ok', language: parseInput(languagePreferenceBody, body).language };
  } catch (err) {
    if (err instanceof InvalidInputError) return { kind: 'invalid', problem: problemOf(err).details };
    throw err;
  }
}

/** What the gateway sends profile for a signed-in person: the one field PATCH /me/profile needs. */
export function profileLanguagePatch(language: Language): Buffer {
  return Buffer.from(JSON.stringify({ language }));
}
