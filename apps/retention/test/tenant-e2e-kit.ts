import { randomInt } from 'node:crypto';
import type { EventEnvelope, OrgRole } from '@sargs/contracts';
import { newPerson, signUp, waitFor, withDatabase, type Person, type PlatformStack } from '@sargs/testing';

/** Organisations through the gateway, for retention's tenant suites: real organizations and contacts behind it. */

export interface SignedInPerson extends Person {
  accountId: string;
  session: string;
}

/**
 * A Latvian registration number of a legal entity that passes the checksum (weights 9 1 4 8 3 10
 * 2 5 7 6, sum + check = 3 mod 11), random past the prefix.
 */
export function registrationNumber(): string {
  for (;;) {
    const digits = `4000${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const weights = [9, 1, 4, 8, 3, 10, 2, 5, 7, 6];
    const sum = [...digits].reduce((total, digit, i) => total + Number(digit) * (weights[i] as number), 0);
    const check = (((3 - sum) % 11) + 11) % 11;
    if (check < 10) return `${digits}${check}`;
  }
}

const onDb = <T>(stack: PlatformStack, service: 'organizations' | 'contacts' | 'retention', work: Parameters<typeof withDatabase<T>>[1]): Promise<T> => {
  const db = stack.databases[service];
  if (!db) throw new Error(`${service} is not part of this stack`);
  return withDatabase(db.url, work);
};

/** Signed up, verified, logged in, and known to organizations (an invitation is matched against its address). */
export async function signedIn(stack: PlatformStack, tag: string): Promise<SignedInPerson> {
  const person = newPerson(tag);
  const { accountId, session } = await signUp(stack, person);
  await waitFor(
    () => onDb(stack, 'organizations', async (pg) => (await pg.query<{ email: string | null }>('SELECT email FROM member_account WHERE account_id = $1', [accountId])).rows[0]?.email),
    (email) => email === person.email,
    { timeoutMs: 30_000, what: 'organizations to learn the account' },
  );
  return { ...person, accountId, session };
}

/** POST /orgs as the signed-in person, who becomes its owner: the new organisation's id. */
export async function createOrganization(stack: PlatformStack, session: string, name: string): Promise<string> {
  const answer = await stack.client.post('/orgs', { name, registrationNumber: registrationNumber() }, { session });
  if (answer.status !== 201) throw new Error(`POST /orgs answered ${answer.status}: ${answer.text}`);
  return (answer.body as { id: string }).id;
}

/** Invites `person` with `role` and has them accept with the token organizations sealed into its event. */
export async function addMember(stack: PlatformStack, orgId: string, inviterSession: string, person: SignedInPerson, role: Exclude<OrgRole, 'owner'>): Promise<void> {
  const invited = await stack.client.post(`/orgs/${orgId}/invitations`, { email: person.email, role }, { session: inviterSession });
  if (invited.status !== 201) throw new Error(`POST /orgs/:id/invitations answered ${invited.status}: ${invited.text}`);
  const invitationId = (invited.body as { id: string }).id;
  const issued = await onDb(stack, 'organizations', async (pg) =>
    (await pg.query<{ envelope: EventEnvelope }>(`SELECT envelope FROM outbox_message WHERE envelope->>'type' = 'OrganizationInvitationIssued' AND envelope->'payload'->>'invitationId' = $1`, [invitationId])).rows[0]?.envelope,
  );
  if (!issued) throw new Error(`no OrganizationInvitationIssued for ${invitationId}`);
  const accepted = await stack.client.post('/org-invitations/accept', { token: stack.openToken(issued) }, { session: person.session });
  if (accepted.status !== 204) throw new Error(`POST /org-invitations/accept answered ${accepted.status}: ${accepted.text}`);
}

/** POST /orgs/:id/contacts: the contact's id. */
export async function addContact(stack: PlatformStack, orgId: string, session: string, contact: { name: string; email?: string; kind?: string }): Promise<string> {
  const answer = await stack.client.post(`/orgs/${orgId}/contacts`, { kind: 'customer', ...contact }, { session });
  if (answer.status !== 201) throw new Error(`POST /orgs/:id/contacts answered ${answer.status}: ${answer.text}`);
  return (answer.body as { id: string }).id;
}

/** SQL on one service's database as the superuser (past row-level security). */
export const asSuperuser = onDb;
