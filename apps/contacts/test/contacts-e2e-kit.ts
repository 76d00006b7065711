import { randomInt } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OrganizationInvitationIssued, type EventEnvelope, type OrgRole } from '@sargs/contracts';
import { EventPattern } from '@sargs/platform/messaging';
import {
  createTestDatabase,
  newPerson,
  signUp,
  startTestService,
  waitFor,
  withDatabase,
  type PlatformStack,
  type TestDatabase,
  type TestService,
} from '@sargs/testing';

export { newPerson, signUp, type Person } from '@sargs/testing';

/**
 * A Latvian registration number of a legal entity that passes the checksum (weights 9 1 4 8 3 10 2
 * 5 7 6 1, sum mod 11 = 3), random past the prefix, so each organisation of a run is its own.
 */
export function latvianRegistrationNumber(): string {
  for (;;) {
    const digits = `4000${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const weights = [9, 1, 4, 8, 3, 10, 2, 5, 7, 6];
    const sum = [...digits].reduce((total, digit, i) => total + Number(digit) * (weights[i] as number), 0);
    const check = (((3 - sum) % 11) + 11) % 11;
    if (check < 10) return `${digits}${check}`;
  }
}

/** What OrganizationEventRecorder saw. */
export class OrganizationEvents {
  readonly events: EventEnvelope[] = [];
}

/** Records organizations' invitations as notifications would receive them: the test opens the sealed token. */
@Controller()
export class OrganizationEventRecorder {
  constructor(private readonly seen: OrganizationEvents) {}

  @EventPattern(OrganizationInvitationIssued)
  onInvitationIssued(@Payload() e: EventEnvelope) {
    this.seen.events.push(e);
    return Promise.resolve();
  }
}

/** A consumer of organizations.organization.v1 on the stack's own broker, with a database of its own. */
export async function startOrganizationRecorder(stack: PlatformStack): Promise<{ events: OrganizationEvents; close(): Promise<void> }> {
  const events = new OrganizationEvents();
  const db: TestDatabase = await createTestDatabase('e2e_org_recorder');
  let service: TestService | undefined;
  try {
    service = await startTestService({
      name: `e2e-org-recorder-${randomInt(0, 1_000_000)}`,
      databaseUrl: db.url,
      kafka: stack.kafka,
      controllers: [OrganizationEventRecorder],
      providers: [{ provide: OrganizationEvents, useValue: events }],
    });
  } catch (err) {
    await db.drop();
    throw err;
  }
  const running = service;
  return {
    events,
    close: async () => {
      await running.close();
      await db.drop();
    },
  };
}

export interface Organisation {
  id: string;
  name: string;
}

/** POST /orgs as the signed-in person, who becomes its owner. */
export async function createOrganisation(stack: PlatformStack, session: string, name: string): Promise<Organisation> {
  const answer = await stack.client.post('/orgs', { name, registrationNumber: latvianRegistrationNumber() }, { session });
  if (answer.status !== 201) throw new Error(`POST /orgs answered ${answer.status}: ${answer.text}`);
  return { id: (answer.body as { id: string }).id, name };
}

/** Someone new, invited by an owner or admin with `role`, signed up and joined: their account and session. */
export async function joinedMember(stack: PlatformStack, recorder: OrganizationEvents, inviterSession: string, orgId: string, role: Exclude<OrgRole, 'owner'>) {
  const person = newPerson(`org-${role}`);
  const { accountId, session } = await signUp(stack, person);
  const invited = await stack.client.post(`/orgs/${orgId}/invitations`, { email: person.email, role }, { session: inviterSession });
  if (invited.status !== 201) throw new Error(`POST /orgs/:id/invitations answered ${invited.status}: ${invited.text}`);
  const invitationId = (invited.body as { id: string }).id;
  const issued = await waitFor(
    async () => recorder.events.find((e) => (e.payload as { invitationId?: string }).invitationId === invitationId),
    (e) => e !== undefined,
    { timeoutMs: 30_000, what: 'OrganizationInvitationIssued' },
  );
  const token = stack.openToken(issued as EventEnvelope);
  // organizations matches the session's address with the invited one once it has learnt the new
  // account (from identity's AccountRegistered): until then the answer is 403.
  const accepted = await waitFor(() => stack.client.post('/org-invitations/accept', { token }, { session }), (a) => a.status !== 403, {
    timeoutMs: 30_000,
    what: 'organizations to learn the invited account',
  });
  if (accepted.status !== 204) throw new Error(`POST /org-invitations/accept answered ${accepted.status}: ${accepted.text}`);
  return { accountId, session, person };
}

/** Every row of one organisation's contacts as they really are (read as the superuser, whom no policy binds): one digest, and how many. */
export function organisationDigest(stack: PlatformStack, orgId: string): Promise<{ digest: string; rows: number }> {
  const db = stack.databases.contacts;
  if (!db) throw new Error('contacts is not part of this stack');
  return withDatabase(db.url, async (pg) => {
    const { rows } = await pg.query<{ digest: string; rows: string }>(
      `SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) AS digest, count(*) AS rows FROM contact t WHERE org_id = $1`,
      [orgId],
    );
    return { digest: rows[0].digest, rows: Number(rows[0].rows) };
  });
}

/** The whole contacts database that a write could touch: every contact row and the outbox. */
export function contactsDigest(stack: PlatformStack): Promise<{ digest: string; rows: number; outbox: number }> {
  const db = stack.databases.contacts;
  if (!db) throw new Error('contacts is not part of this stack');
  return withDatabase(db.url, async (pg) => {
    const { rows } = await pg.query<{ digest: string; rows: string; outbox: string }>(
      `SELECT (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) FROM contact t) AS digest,
              (SELECT count(*) FROM contact) AS rows, (SELECT count(*) FROM outbox_message) AS outbox`,
    );
    return { digest: rows[0].digest, rows: Number(rows[0].rows), outbox: Number(rows[0].outbox) };
  });
}
