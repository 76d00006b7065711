import { withDatabase, type ApiResponse } from '@sargs/testing';

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
