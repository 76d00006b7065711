import { waitFor, withDatabase, type ApiResponse, type PlatformStack } from '@sargs/testing';

/** The e2e kit lives in libs/testing (shared by every app's e2e tests); these are its names here. */
export {
  byAccount,
  byEmail,
  eventsOf,
  findEvent,
  login,
  newPerson,
  register,
  registerVerified,
  usedSecrets,
  waitForStackEvent as waitForEvent,
} from '@sargs/testing';

/** SQL on a stack database: to move time forward (expire a token) or to prove nothing was written. */
export const onDatabase = withDatabase;

/** A problem+json answer with this status; with `field`, one of its errors names that field. */
export function expectProblem(answer: ApiResponse, status: number, field?: string): void {
  expect([answer.status, answer.headers['content-type']]).toEqual([status, expect.stringContaining('application/problem+json')]);
  if (field) expect((answer.body as { errors?: { field: string }[] }).errors?.map((e) => e.field)).toContain(field);
}

/**
 * GET /me once profile has the account: right after a sign-up, profile may not have built its
 * projection from AccountRegistered yet, and the gateway answers 503 until it has (docs/api.md).
 */
export function meOf(stack: PlatformStack, session: string): Promise<ApiResponse> {
  return waitFor(() => stack.client.get('/me', { session }), (answer) => answer.status !== 503, { what: "GET /me with profile's half" });
}
