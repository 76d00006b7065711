import { signUp, waitFor, type ApiResponse, type Person, type PlatformStack } from '@sargs/testing';

export { byAccount, newPerson, waitForStackEvent as waitForEvent, type Person } from '@sargs/testing';

/** Signs up, verifies, logs in, and waits until profile has built the profile: account id and session. */
export async function signedIn(stack: PlatformStack, person: Person): Promise<{ accountId: string; session: string }> {
  const { accountId, session } = await signUp(stack, person);
  // GET /me answers 503 until profile has built the profile from AccountRegistered.
  await waitFor(() => stack.client.get('/me/profile', { session }), (r) => r.status === 200, { timeoutMs: 30_000, what: 'the profile' });
  return { accountId, session };
}

/** The names of the cookies an answer sets. */
export const cookieNames = (answer: ApiResponse): string[] => answer.cookies.map((c) => c.slice(0, c.indexOf('=')));
