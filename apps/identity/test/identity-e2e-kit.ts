import { randomBytes } from 'node:crypto';
import type { EventEnvelope } from '@sargs/contracts';
import { sessionCookie, waitFor, withDatabase, type ApiClient, type PlatformStack } from '@sargs/testing';

/** Every password, address and session id the tests used: none of them may reach a log line. */
export const usedSecrets: string[] = [];

/** Unique per call, so tests on the shared broker never see each other's people. */
export function newPerson(tag = 'p') {
  const id = randomBytes(5).toString('hex');
  // The password shares nothing with the address (the policy refuses that).
  const person = { name: 'Anna Bērziņa', email: `${tag}.${id}@example.test`, password: `lapsa mežā ${randomBytes(4).toString('base64url')} skrien` };
  usedSecrets.push(person.email, person.password);
  return person;
}

export function findEvent(stack: PlatformStack, type: string, match: (e: EventEnvelope) => boolean): EventEnvelope | undefined {
  return stack.events.find((e) => e.type === type && match(e));
}

export function eventsOf(stack: PlatformStack, type: string, match: (e: EventEnvelope) => boolean): EventEnvelope[] {
  return stack.events.filter((e) => e.type === type && match(e));
}

export function waitForEvent(stack: PlatformStack, type: string, match: (e: EventEnvelope) => boolean, what = type): Promise<EventEnvelope> {
  return waitFor(async () => findEvent(stack, type, match), (e) => e !== undefined, { timeoutMs: 30_000, what }) as Promise<EventEnvelope>;
}

export const byEmail = (email: string) => (e: EventEnvelope) => (e.payload as { email?: string }).email === email;
export const byAccount = (accountId: string) => (e: EventEnvelope) => e.subjectId === accountId;

export async function register(stack: PlatformStack, person: ReturnType<typeof newPerson>, extra: Record<string, unknown> = {}) {
  return stack.client.post('/accounts', {
    name: person.name,
    email: person.email,
    password: person.password,
    acceptedPolicyVersion: await stack.currentPolicyVersion(),
    ...extra,
  });
}

/** Registers, verifies through the mailed token and returns the account id. */
export async function registerVerified(stack: PlatformStack, person: ReturnType<typeof newPerson>): Promise<string> {
  const answer = await register(stack, person);
  if (answer.status !== 202) throw new Error(`sign-up answered ${answer.status}: ${answer.text}`);
  const requested = await waitForEvent(stack, 'EmailVerificationRequested', byEmail(person.email));
  const verified = await stack.client.post('/accounts/verification', { token: stack.openToken(requested) });
  if (verified.status !== 204) throw new Error(`verification answered ${verified.status}: ${verified.text}`);
  return requested.subjectId;
}

export async function login(client: ApiClient, email: string, password: string): Promise<string> {
  const answer = await client.post('/sessions', { email, password });
  const sid = sessionCookie(answer);
  if (answer.status !== 200 || !sid) throw new Error(`login answered ${answer.status}: ${answer.text}`);
  usedSecrets.push(sid);
  return sid;
}

/** SQL on a stack database: to move time forward (expire a token) or to prove nothing was written. */
export const onDatabase = withDatabase;
