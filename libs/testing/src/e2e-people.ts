import { randomBytes } from 'node:crypto';
import type { EventEnvelope } from '@sargs/contracts';
import { sessionCookie, type ApiClient } from './api-client';
import type { PlatformStack } from './platform-stack';
import { withDatabase } from './test-database';
import { waitFor } from './wait-for';

/** Every password, address and session id e2e tests used: none of them may reach a log line. */
export const usedSecrets: string[] = [];

/** A person of one's own per call, so tests on one stack never see each other's people. */
export function newPerson(tag = 'p') {
  const id = randomBytes(5).toString('hex');
  // The password shares nothing with the address (the policy refuses that).
  const person = { name: 'Anna Bērziņa', email: `${tag}.${id}@example.test`, password: `lapsa mežā ${randomBytes(4).toString('base64url')} skrien` };
  usedSecrets.push(person.email, person.password);
  return person;
}
export type Person = ReturnType<typeof newPerson>;

export const byEmail = (email: string) => (e: EventEnvelope) => (e.payload as { email?: string }).email === email;
export const byAccount = (accountId: string) => (e: EventEnvelope) => e.subjectId === accountId;
export const ofType = (type: string, match: (e: EventEnvelope) => boolean = () => true) => (e: EventEnvelope) => e.type === type && match(e);

/** Waits until a recorded event matches (events as a consumer on Kafka saw them). */
export function waitForEvent(events: EventEnvelope[], match: (e: EventEnvelope) => boolean, what = 'an event'): Promise<EventEnvelope> {
  return waitFor(async () => events.find(match), (e) => e !== undefined, { timeoutMs: 30_000, what }) as Promise<EventEnvelope>;
}

/** POST /accounts for the person with the policy version identity holds as current. */
export async function register(stack: PlatformStack, person: Person, extra: Record<string, unknown> = {}) {
  return stack.client.post('/accounts', {
    name: person.name,
    email: person.email,
    password: person.password,
    acceptedPolicyVersion: await stack.currentPolicyVersion(),
    ...extra,
  });
}

/** Registers, verifies through the mailed (sealed) token and returns the account id. */
export async function registerVerified(stack: PlatformStack, person: Person, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await register(stack, person, extra);
  if (answer.status !== 202) throw new Error(`sign-up answered ${answer.status}: ${answer.text}`);
  const requested = await waitForEvent(stack.events, ofType('EmailVerificationRequested', byEmail(person.email)), 'EmailVerificationRequested');
  const verified = await stack.client.post('/accounts/verification', { token: stack.openToken(requested) });
  if (verified.status !== 204) throw new Error(`verification answered ${verified.status}: ${verified.text}`);
  return requested.subjectId;
}

/** Logs in through the gateway: the `__Host-sid` value. */
export async function login(client: ApiClient, email: string, password: string): Promise<string> {
  const answer = await client.post('/sessions', { email, password });
  const sid = sessionCookie(answer);
  if (answer.status !== 200 || !sid) throw new Error(`login answered ${answer.status}: ${answer.text}`);
  usedSecrets.push(sid);
  return sid;
}

/** Registers, verifies and logs in: the account id and the session. */
export async function signUp(stack: PlatformStack, person: Person, extra: Record<string, unknown> = {}): Promise<{ accountId: string; session: string }> {
  const accountId = await registerVerified(stack, person, extra);
  return { accountId, session: await login(stack.client, person.email, person.password) };
}

/**
 * One md5 per table over every row (ordered as given), plus the outbox count: any write,
 * however partial, changes it. For "a refused request wrote nothing" checks. A table given as
 * `{ order, row }` is digested over `row` (an expression of `t`) instead of the whole row: for
 * columns the service keeps touching on its own, such as a session's last_seen_at.
 */
export function tableDigests(databaseUrl: string, tables: Record<string, string | { order: string; row: string }>): Promise<Record<string, string>> {
  const digests = Object.entries(tables).map(([table, spec]) => {
    const { order, row } = typeof spec === 'string' ? { order: spec, row: 't::text' } : spec;
    return `(SELECT md5(coalesce(string_agg(${row}, ',' ORDER BY ${order}), '')) FROM ${table} t) AS ${table}`;
  });
  return withDatabase(databaseUrl, async (pg) => (await pg.query(`SELECT ${digests.join(', ')}, (SELECT count(*) FROM outbox_message) AS outbox`)).rows[0] as Record<string, string>);
}

/** The first event of a type the stack's recorder saw that matches. */
export function findEvent(stack: PlatformStack, type: string, match: (e: EventEnvelope) => boolean): EventEnvelope | undefined {
  return stack.events.find(ofType(type, match));
}

export function eventsOf(stack: PlatformStack, type: string, match: (e: EventEnvelope) => boolean): EventEnvelope[] {
  return stack.events.filter(ofType(type, match));
}

/** Waits for an identity/profile event of a type that matches. */
export function waitForStackEvent(stack: PlatformStack, type: string, match: (e: EventEnvelope) => boolean, what = type): Promise<EventEnvelope> {
  return waitForEvent(stack.events, ofType(type, match), what);
}
