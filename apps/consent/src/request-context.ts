import { languageSchema, type Language } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';

/** Header with the gateway's language hint (the `lang` cookie, else Accept-Language). */
export const LANGUAGE_HINT_HEADER = 'x-sargs-language';

export function languageHint(request: RequestWithAssertion): Language | undefined {
  const value = request.headers[LANGUAGE_HINT_HEADER];
  const parsed = languageSchema.safeParse(Array.isArray(value) ? value[0] : value);
  return parsed.success ? parsed.data : undefined;
}
