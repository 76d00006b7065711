import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from 'pg';
import type { EventEnvelope } from '@sargs/contracts';
import { login as loginThrough, newPerson, REPO_ROOT, signUp, tableDigests, waitFor, withDatabase, type ApiResponse, type Person, type PlatformStack } from '@sargs/testing';

export { auditOutbox, newPerson, type Person } from '@sargs/testing';

/** identity's first staff account in these stacks (SARGS_ADMIN_EMAIL / SARGS_ADMIN_PASSWORD). */
export const STAFF = { email: 'dpo.organizations@example.test', password: 'štāba ļaudis pie galda 7' };

/** The DPA every organizations stack publishes at boot (DPA_SEED_DIR = policies/dpa). */
export const SEED_DPA_VERSION = '1';
export const seedDpaText = (): string => readFileSync(path.join(REPO_ROOT, 'policies', 'dpa', `${SEED_DPA_VERSION}.md`), 'utf8');

/** Valid legal entity numbers (python-stdnum's test vectors, tests/test_eu_vat.doctest). */
export const REGISTRATION_NUMBERS = ['40003521600', '40003189718', '40003282138', '40103077610', '50003087101', '90000528023'] as const;

export const login = (stack: PlatformStack, email: string, password: string): Promise<string> => loginThrough(stack.client, email, password);

export function organizationsDbUrl(stack: PlatformStack): string {
  const db = stack.databases.organizations;
  if (!db) throw new Error('organizations is not part of this stack');
  return db.url;
}

/** SQL on organizations' database as the superuser (past row-level security): to move time forward, or to read the outbox. */
export const onOrganizationsDb = <T>(stack: PlatformStack, work: (pg: Client) => Promise<T>): Promise<T> => withDatabase(organizationsDbUrl(stack), work);

/**
 * A digest of every table of organizations' database, read as the superuser (past row-level
 * security): what a refused request must leave exactly as it was. Tables are listed from the
 * catalogue, so a table added later is covered too. The outbox is digested without `sent_at`, which
 * the relay stamps on its own.
 */
export async function organizationsSnapshot(stack: PlatformStack): Promise<Record<string, string>> {
  const tables = await onOrganizationsDb(stack, async (pg) =>
    (await pg.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)).rows.map((r) => r.name),
  );
  const outbox = "concat_ws('|', t.id, t.event_id, t.topic, t.message_key, t.envelope::text)";
  return tableDigests(
    organizationsDbUrl(stack),
    Object.fromEntries(tables.map((table) => [table, table === 'outbox_message' ? { order: 't.id', row: outbox } : { order: 't::text', row: 't::text' }])),
  );
}

export interface SignedInPerson extends Person {
  accountId: string;
  session: string;
}

/**
 * Signs up, verifies, logs in, and waits until organizations knows the account's address and name
 * (from identity's AccountRegistered): an invitation is matched against that address.
 */
export async function member(stack: PlatformStack, tag: string): Promise<SignedInPerson> {
  const person = newPerson(tag);
  const { accountId, session } = await signUp(stack, person);
  await waitFor(
    () => onOrganizationsDb(stack, async (pg) => (await pg.query<{ email: string | null }>('SELECT email FROM member_account WHERE account_id = $1', [accountId])).rows[0]?.email),
    (email) => email === person.email,
    { timeoutMs: 30_000, what: 'organizations to learn the account' },
  );
  return { ...person, accountId, session };
}

/** Organisations' events as organizations wrote them to its outbox (what notifications and retention will read), in order. */
export function outboxEvents(stack: PlatformStack, type: string): Promise<EventEnvelope[]> {
  return onOrganizationsDb(stack, async (pg) =>
    (await pg.query<{ envelope: EventEnvelope }>(`SELECT envelope FROM outbox_message WHERE topic = 'organizations.organization.v1' AND envelope->>'type' = $1 ORDER BY id`, [type])).rows.map(
      (r) => r.envelope,
    ),
  );
}

/** The token of an invitation, opened from its OrganizationInvitationIssued as notifications will open it. */
export async function invitationToken(stack: PlatformStack, invitationId: string): Promise<string> {
  const issued = (await outboxEvents(stack, 'OrganizationInvitationIssued')).find((e) => (e.payload as { invitationId: string }).invitationId === invitationId);
  if (!issued) throw new Error(`no OrganizationInvitationIssued for ${invitationId}`);
  return stack.openToken(issued);
}

/** A problem+json answer with this status; with `field`, one of its errors names that field. */
export function expectProblem(answer: ApiResponse, status: number, field?: string): void {
  expect([answer.status, answer.headers['content-type']]).toEqual([status, expect.stringContaining('application/problem+json')]);
  if (field) expect((answer.body as { errors?: { field: string }[] }).errors?.map((e) => e.field)).toContain(field);
}

let numbers = 0;
/** POST /orgs with valid details (a different number each time, unless given): the new organisation's id. */
export async function createOrganization(stack: PlatformStack, session: string, details: Record<string, unknown> = {}): Promise<string> {
  const registrationNumber = REGISTRATION_NUMBERS[numbers++ % REGISTRATION_NUMBERS.length];
  const answer = await stack.client.post('/orgs', { name: `SIA Tests ${numbers}`, registrationNumber, ...details }, { session });
  if (answer.status !== 201) throw new Error(`POST /orgs answered ${answer.status}: ${answer.text}`);
  return (answer.body as { id: string }).id;
}

/** Invites `person` and has them accept: they are a member with `role` afterwards. */
export async function addMember(stack: PlatformStack, orgId: string, inviterSession: string, person: SignedInPerson, role: 'admin' | 'member'): Promise<void> {
  const invited = await stack.client.post(`/orgs/${orgId}/invitations`, { email: person.email, role }, { session: inviterSession });
  if (invited.status !== 201) throw new Error(`invitation answered ${invited.status}: ${invited.text}`);
  const token = await invitationToken(stack, (invited.body as { id: string }).id);
  const accepted = await stack.client.post('/org-invitations/accept', { token }, { session: person.session });
  if (accepted.status !== 204) throw new Error(`acceptance answered ${accepted.status}: ${accepted.text}`);
}
