import { languageSchema, STAFF_ROLES, uuidField, type Language } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { problem, ProblemException } from '@sargs/platform/service';

/** Header with the gateway's language hint (the `lang` cookie, else Accept-Language). */
export const LANGUAGE_HINT_HEADER = 'x-sargs-language';

export function languageHint(request: RequestWithAssertion): Language | undefined {
  const value = request.headers[LANGUAGE_HINT_HEADER];
  const parsed = languageSchema.safeParse(Array.isArray(value) ? value[0] : value);
  return parsed.success ? parsed.data : undefined;
}

/** The signed-in account the gateway vouches for; 401 for an anonymous call. */
export function accountOf(request: RequestWithAssertion): string {
  const sub = request.assertion?.sub;
  if (!sub || !uuidField.safeParse(sub).success) throw new ProblemException(problem(401, 'A signed-in account is required'));
  return sub;
}

/** The gateway checks the role too; a service never trusts one gate alone. */
export function staffOf(request: RequestWithAssertion): string {
  const account = accountOf(request);
  if (!request.assertion?.roles.some((role) => STAFF_ROLES.includes(role))) throw new ProblemException(problem(403, 'This needs the admin or dpo role'));
  return account;
}
