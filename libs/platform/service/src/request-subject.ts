import { STAFF_ROLES, uuidField } from '@sargs/contracts';
import type { RequestWithAssertion } from '@sargs/platform/auth-assertion';
import { problem } from './problem-details';
import { ProblemException } from './problem-details.filter';

/** The signed-in account the gateway vouches for; 401 for an anonymous call. */
export function accountOf(request: RequestWithAssertion): string {
  const sub = request.assertion?.sub;
  if (!sub || !uuidField.safeParse(sub).success) throw new ProblemException(problem(401, 'A signed-in account is required'));
  return sub;
}

/** A staff member's account; the gateway checks the role too, but a service never trusts one gate alone. */
export function staffOf(request: RequestWithAssertion): string {
  const account = accountOf(request);
  if (!request.assertion?.roles.some((role) => STAFF_ROLES.includes(role))) throw new ProblemException(problem(403, 'This needs the admin or dpo role'));
  return account;
}
