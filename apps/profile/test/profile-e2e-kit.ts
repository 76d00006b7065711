import { randomBytes } from 'node:crypto';
import type { EventEnvelope } from '@sargs/contracts';
import { sessionCookie, waitFor, type ApiResponse, type PlatformStack } from '@sargs/testing';

/** A person of one's own per call, so tests on one stack never see each other's people. */
export function newPerson(tag = 'p') {
  const id = randomBytes(5).toString('hex');
  return { name: 'Anna Bērziņa', email: `${tag}.${id}@example.test`, password: `lapsa mežā ${randomBytes(4).toString('base64url')} skrien` };
}
export type Person = ReturnType<typeof newPerson>;

export function waitForEvent(stack: PlatformStack, type: string, match: (e: EventEnvelope) => boolean, what = type): Promise<EventEnvelope> {
  return waitFor(async () => stack.events.find((e) => e.type === type && match(e)), (e) => e !== undefined, { timeoutMs: 30_000, what }) as Promise<EventEnvelope>;
}

export const byAccount = (accountId: string) => (e: EventEnvelope) => e.subjectId === accountId;

/** Signs up through the gateway, verifies with the sealed token, logs in: the account id and the session. */
export async function signedIn(stack: PlatformStack, person: Person): Promise<{ accountId: string; session: string }> {
  const answer = await stack.client.post('/accounts', {
    name: person.name,
    email: person.email,
    password: person.password,
    acceptedPolicyVersion: await stack.currentPolicyVersion(),
  });
  if (answer.status !== 202) throw new Error(`sign-up answered ${answer.status}: ${answer.text}`);
  const requested = await waitForEvent(stack, 'EmailVerificationRequested', (e) => (e.payload as { email: string }).email === person.email);
  const verified = await stack.client.post('/accounts/verification', { token: stack.openToken(requested) });
  if (verified.status !== 204) throw new Error(`verification answered ${verified.status}: ${verified.text}`);
  const login = await stack.client.post('/sessions', { email: person.email, password: person.password });
  const session = sessionCookie(login);
  if (login.status !== 200 || !session) throw new Error(`login answered ${login.status}: ${login.text}`);
  // GET /me answers 503 until profile has built the profile from AccountRegistered.
  await waitFor(() => stack.client.get('/me/profile', { session }), (r) => r.status === 200, { timeoutMs: 30_000, what: 'the profile' });
  return { accountId: requested.subjectId, session };
}

/** The names of the cookies an answer sets. */
export const cookieNames = (answer: ApiResponse): string[] => answer.cookies.map((c) => c.slice(0, c.indexOf('=')));
