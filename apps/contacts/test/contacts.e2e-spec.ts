import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { contactView, type ContactView } from '@sargs/contracts';
import { encodeHostile, hostileBody, hostilePayload, hostileString, startPlatformStack, withDatabase, type ApiResponse, type PlatformStack } from '@sargs/testing';
import {
  contactsDigest,
  createOrganisation,
  joinedMember,
  newPerson,
  organisationDigest,
  signUp,
  startOrganizationRecorder,
  type Organisation,
  type OrganizationEvents,
} from './contacts-e2e-kit';

const FIELDS = ['kind', 'name', 'email', 'phone', 'note'];
const NEAR_MISSES = ['customer', 'supplier', 'employee', '+371 20000000', "x'; DROP TABLE contact;--", '00000000-0000-0000-0000-000000000000'];

// An organisation's contacts through the public edge: the gateway resolves membership with
// organizations, contacts scopes every statement to the org claim, and the database (contacts logs
// in as its own role, which owns its tables: forced row-level security binds it) keeps the rest out.
describe('contacts through the gateway (docs/api.md, "Organisations")', () => {
  let stack: PlatformStack;
  let recorder: { events: OrganizationEvents; close(): Promise<void> };
  const marker = randomUUID().slice(0, 8);
  let orgA: Organisation;
  let orgB: Organisation;
  let ownerA: string;
  let memberA: string;
  let ownerB: string;
  /** B's contacts, seeded once: A's callers aim at these. */
  const bContacts: { id: string; email: string }[] = [];

  beforeAll(async () => {
    stack = await startPlatformStack({
      services: ['identity', 'profile', 'organizations', 'contacts'],
      ownRoles: ['contacts'],
      env: {
        gateway: { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_SENSITIVE_PER_MINUTE: '1000000' },
        identity: { MAILS_PER_ADDRESS_PER_HOUR: '100000' },
      },
    });
    recorder = await startOrganizationRecorder(stack);
    ownerA = (await signUp(stack, newPerson('owner-a'))).session;
    ownerB = (await signUp(stack, newPerson('owner-b'))).session;
    orgA = await createOrganisation(stack, ownerA, `Alfa ${marker} SIA`);
    orgB = await createOrganisation(stack, ownerB, `Beta ${marker} SIA`);
    memberA = (await joinedMember(stack, recorder.events, ownerA, orgA.id, 'member')).session;
    for (const [i, kind] of (['customer', 'supplier', 'partner', 'employee'] as const).entries()) {
      const email = `b${i}.${marker}@example.test`;
      const created = await stack.client.post(`/orgs/${orgB.id}/contacts`, { kind, name: `Beta Person ${i} ${marker}`, email, phone: '+371 2000000' + i, note: `B only ${marker}` }, { session: ownerB });
      expect(created.status).toBe(201);
      bContacts.push({ id: (created.body as { id: string }).id, email });
    }
  });
  afterAll(async () => {
    await recorder?.close();
    await stack?.stop();
  });

  const contactsOf = (orgId: string) => `/orgs/${orgId}/contacts`;
  const contactAt = (orgId: string, contactId: string) => `/orgs/${orgId}/contacts/${contactId}`;
  const problemOf = (answer: ApiResponse) => {
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    return answer.body;
  };

  it('runs contacts as a role that is no superuser and cannot bypass row-level security, owning its table', async () => {
    const db = stack.databases.contacts;
    if (!db) throw new Error('contacts database missing');
    const owner = await withDatabase(db.url, async (pg) =>
      (await pg.query(`SELECT r.rolsuper, r.rolbypassrls, c.relforcerowsecurity FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.oid = 'public.contact'::regclass`)).rows[0],
    );
    expect(owner).toEqual({ rolsuper: false, rolbypassrls: false, relforcerowsecurity: true });
  });

  describe('a member', () => {
    it('adds, reads, searches by address (whatever its case), changes and deletes a contact', async () => {
      const email = `Jana.Kalnina.${marker}@Example.TEST`;
      const created = await stack.client.post(contactsOf(orgA.id), { kind: 'customer', name: '  Jāna Kalniņa ', email: ` ${email} `, phone: '+371 26 123 456', note: 'Prefers calls\nafter 10:00' }, { session: memberA });
      expect(created.status).toBe(201);
      expect(Object.keys(created.body as object)).toEqual(['id']);
      const { id } = created.body as { id: string };
      const expected: ContactView = { id, kind: 'customer', name: 'Jāna Kalniņa', email: email.toLowerCase(), phone: '+371 26 123 456', note: 'Prefers calls\nafter 10:00' };

      const read = await stack.client.get(contactAt(orgA.id, id), { session: memberA });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(expected);
      expect(contactView.safeParse(read.body).success).toBe(true);
      // The owner sees what the member wrote: it is the organisation's, not the member's.
      expect((await stack.client.get(contactAt(orgA.id, id), { session: ownerA })).body).toEqual(expected);

      for (const asked of [email, email.toUpperCase(), ` ${email.toLowerCase()}`]) {
        const found = await stack.client.get(`${contactsOf(orgA.id)}?email=${encodeURIComponent(asked)}`, { session: memberA });
        expect([asked, found.status, found.body]).toEqual([asked, 200, [expected]]);
      }
      const listed = await stack.client.get(contactsOf(orgA.id), { session: memberA });
      expect(listed.body).toEqual(expect.arrayContaining([expected]));
      // A uuid is the same organisation and contact in capitals.
      expect((await stack.client.get(contactAt(orgA.id.toUpperCase(), id.toUpperCase()), { session: memberA })).body).toEqual(expected);

      const changed = await stack.client.patch(contactAt(orgA.id, id), { kind: 'partner', email: null, note: null }, { session: memberA });
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ ...expected, kind: 'partner', email: null, note: null });
      expect((await stack.client.get(contactAt(orgA.id, id), { session: memberA })).body).toEqual(changed.body);
      expect((await stack.client.get(`${contactsOf(orgA.id)}?email=${encodeURIComponent(email)}`, { session: memberA })).body).toEqual([]);

      const deleted = await stack.client.delete(contactAt(orgA.id, id), { session: memberA });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expect((await stack.client.get(contactAt(orgA.id, id), { session: memberA })).status).toBe(404);
      expect((await stack.client.delete(contactAt(orgA.id, id), { session: memberA })).status).toBe(404);
    });

    it('pages the list newest first, the next page linked in `Link`, each contact once', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const created = await stack.client.post(contactsOf(orgA.id), { kind: 'supplier', name: `Paged ${i} ${marker}`, email: `paged.${marker}@example.test` }, { session: memberA });
        ids.push((created.body as { id: string }).id);
      }
      const seen: string[] = [];
      let next: string | undefined = `${contactsOf(orgA.id)}?email=${encodeURIComponent(`paged.${marker}@example.test`)}&limit=2`;
      while (next) {
        const page: ApiResponse = await stack.client.get(next, { session: memberA });
        expect(page.status).toBe(200);
        seen.push(...(page.body as ContactView[]).map((c) => c.id));
        const link = page.headers.link as string | undefined;
        next = link ? /^<\/api\/v1([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
        if (link) expect(next).toBeDefined();
      }
      expect(seen).toEqual([...ids].reverse());
      expect((await stack.client.get(`${contactsOf(orgA.id)}?cursor=not-ours`, { session: memberA })).status).toBe(422);
    });

    it('is refused to a signed-in person of no organisation (404, as an unknown one) and to no session (401)', async () => {
      const outsider = (await signUp(stack, newPerson('outsider'))).session;
      const unknownOrg = await stack.client.get(contactsOf(randomUUID()), { session: outsider });
      expect(unknownOrg.status).toBe(404);
      const notMine = await stack.client.get(contactsOf(orgA.id), { session: outsider });
      expect(notMine.status).toBe(404);
      expect(problemOf(notMine)).toEqual(problemOf(unknownOrg));
      expect((await stack.client.get(contactsOf(orgA.id))).status).toBe(401);
      expect((await stack.client.post(contactsOf(orgA.id), { kind: 'customer', name: 'Anon' })).status).toBe(401);
    });
  });

  describe("another organisation's contacts", () => {
    it("answer every read, write and delete by A's owner or member with 404, the same as for what does not exist, and B's rows stay byte for byte", async () => {
      const before = await organisationDigest(stack, orgB.id);
      expect(before.rows).toBe(bContacts.length);
      const totalBefore = (await contactsDigest(stack)).rows;
      for (const session of [ownerA, memberA]) {
        const unknownOrg = problemOf(await stack.client.get(contactsOf(randomUUID()), { session }));
        const unknownContact = problemOf(await stack.client.get(contactAt(orgA.id, randomUUID()), { session }));
        const asOrgB = [
          await stack.client.get(contactsOf(orgB.id), { session }),
          await stack.client.get(`${contactsOf(orgB.id)}?email=${encodeURIComponent(bContacts[0].email)}`, { session }),
          await stack.client.post(contactsOf(orgB.id), { kind: 'customer', name: `Planted ${marker}` }, { session }),
          ...(await Promise.all(
            bContacts.flatMap(({ id }) => [
              stack.client.get(contactAt(orgB.id, id), { session }),
              stack.client.patch(contactAt(orgB.id, id), { name: `Overwritten ${marker}` }, { session }),
              stack.client.delete(contactAt(orgB.id, id), { session }),
            ]),
          )),
        ];
        for (const answer of asOrgB) {
          expect(answer.status).toBe(404);
          expect(problemOf(answer)).toEqual(unknownOrg);
        }
        // B's contact ids under A's own path: A's transaction cannot see them.
        const underA = await Promise.all(
          bContacts.flatMap(({ id }) => [
            stack.client.get(contactAt(orgA.id, id), { session }),
            stack.client.patch(contactAt(orgA.id, id), { name: `Overwritten ${marker}`, email: null }, { session }),
            stack.client.delete(contactAt(orgA.id, id), { session }),
          ]),
        );
        for (const answer of underA) {
          expect(answer.status).toBe(404);
          expect(problemOf(answer)).toEqual(unknownContact);
        }
        // A search in A for B's addresses finds nothing of B's.
        for (const { email } of bContacts) {
          const found = await stack.client.get(`${contactsOf(orgA.id)}?email=${encodeURIComponent(email)}`, { session });
          expect([email, found.status, found.body]).toEqual([email, 200, []]);
        }
        const listed = (await stack.client.get(`${contactsOf(orgA.id)}?limit=200`, { session })).body as ContactView[];
        expect(listed.filter((c) => bContacts.some((b) => b.id === c.id) || c.name.includes('Beta Person'))).toEqual([]);
      }
      expect(await organisationDigest(stack, orgB.id)).toEqual(before);
      expect((await contactsDigest(stack)).rows).toBe(totalBefore);
      // B itself still sees every one of its contacts, unchanged.
      for (const { id, email } of bContacts) expect(((await stack.client.get(contactAt(orgB.id, id), { session: ownerB })).body as ContactView).email).toBe(email);
    });
  });

  describe('malformed and hostile input', () => {
    let own: string;
    beforeAll(async () => {
      own = ((await stack.client.post(contactsOf(orgA.id), { kind: 'employee', name: `Own ${marker}` }, { session: memberA })).body as { id: string }).id;
    });

    it('names the field of each wrong body with 422, refuses unknown fields and other content types, and writes nothing', async () => {
      const before = await contactsDigest(stack);
      const cases: [string, unknown, string][] = [
        ['POST', { kind: 'friend', name: 'Anna' }, 'kind'],
        ['POST', { kind: 42, name: 'Anna' }, 'kind'],
        ['POST', { kind: 'customer' }, 'name'],
        ['POST', { kind: 'customer', name: ['Anna'] }, 'name'],
        ['POST', { kind: 'customer', name: 'An\u0000na' }, 'name'],
        ['POST', { kind: 'customer', name: 'An\u001bna' }, 'name'],
        ['POST', { kind: 'customer', name: 'x'.repeat(201) }, 'name'],
        ['POST', { kind: 'customer', name: 'Anna', email: 'anna@' }, 'email'],
        ['POST', { kind: 'customer', name: 'Anna', email: 'anna\u0000@example.test' }, 'email'],
        ['POST', { kind: 'customer', name: 'Anna', phone: 'call me maybe' }, 'phone'],
        ['POST', { kind: 'customer', name: 'Anna', phone: '1'.repeat(41) }, 'phone'],
        ['POST', { kind: 'customer', name: 'Anna', note: 'n'.repeat(2001) }, 'note'],
        ['POST', { kind: 'customer', name: 'Anna', note: 'bell\u0007' }, 'note'],
        ['POST', { kind: 'customer', name: 'Anna', orgId: orgB.id }, 'orgId'],
        ['POST', { kind: 'customer', name: 'Anna', id: randomUUID() }, 'id'],
        ['PATCH', {}, 'body'],
        ['PATCH', { name: null }, 'name'],
        ['PATCH', { kind: 'customer', org_id: orgB.id }, 'org_id'],
        ['PATCH', { email: 17 }, 'email'],
      ];
      for (const [method, body, field] of cases) {
        const answer = await stack.client.call(method, method === 'POST' ? contactsOf(orgA.id) : contactAt(orgA.id, own), { body, session: memberA });
        expect([method, body, answer.status]).toEqual([method, body, 422]);
        expect(((problemOf(answer) as { errors: { field: string }[] }).errors ?? []).map((e) => e.field)).toContain(field);
      }
      expect((await stack.client.post(contactsOf(orgA.id), 'kind=customer&name=Anna', { session: memberA, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
      expect((await stack.client.post(contactsOf(orgA.id), '{"kind":"customer",', { session: memberA, headers: { 'content-type': 'application/json' } })).status).toBeLessThan(500);
      const huge = await stack.client.post(contactsOf(orgA.id), { kind: 'customer', name: 'Anna', note: 'x'.repeat(1_000_000) }, { session: memberA });
      expect([413, 422]).toContain(huge.status);
      for (const query of ['email=anna', 'email=', 'limit=0', 'limit=abc', 'limit=201', 'email=a%00@example.test']) {
        const answer = await stack.client.get(`${contactsOf(orgA.id)}?${query}`, { session: memberA });
        expect([query, answer.status]).toEqual([query, 422]);
      }
      expect(await contactsDigest(stack)).toEqual(before);
    });

    it('answers a path id that is no uuid like an unknown contact (404), never 5xx, and touches nothing', async () => {
      const before = await contactsDigest(stack);
      const unknown = problemOf(await stack.client.get(contactAt(orgA.id, randomUUID()), { session: memberA }));
      // Ids of the right characters reach contacts, which answers exactly as for an unknown id.
      for (const segment of ['not-a-uuid', '1', `${own}x`, own.slice(0, -1), '00000000-0000-0000-0000-00000000000g', `${own}-${own}`]) {
        for (const method of ['GET', 'PATCH', 'DELETE']) {
          const answer = await stack.client.call(method, contactAt(orgA.id, segment), { session: memberA, body: method === 'PATCH' ? { name: 'Anna' } : undefined });
          expect([segment, method, answer.status]).toEqual([segment, method, 404]);
          expect(problemOf(answer)).toEqual(unknown);
        }
      }
      // Characters no id has never reach a service: still 404.
      for (const segment of [encodeURIComponent("' OR 1=1 --"), '%00', '%E2%80%AE', 'a%2Fb']) {
        for (const method of ['GET', 'PATCH', 'DELETE']) {
          const answer = await stack.client.call(method, contactAt(orgA.id, segment), { session: memberA, body: method === 'PATCH' ? { name: 'Anna' } : undefined });
          expect([segment, method, answer.status]).toEqual([segment, method, 404]);
        }
      }
      for (const orgSegment of ['not-a-uuid', orgA.id.slice(0, -1), '%00']) {
        expect((await stack.client.get(`/orgs/${orgSegment}/contacts`, { session: memberA })).status).toBe(404);
      }
      expect(await contactsDigest(stack)).toEqual(before);
    });

    it('POST and PATCH with any hostile body: never a 5xx, and a refused one writes nothing', async () => {
      await fc.assert(
        fc.asyncProperty(hostileBody(FIELDS, NEAR_MISSES), fc.boolean(), async (body, create) => {
          const before = await contactsDigest(stack);
          const answer = await stack.client.call(create ? 'POST' : 'PATCH', create ? contactsOf(orgA.id) : contactAt(orgA.id, own), {
            body: hostilePayload(body),
            headers: { 'content-type': 'application/json' },
            session: memberA,
          });
          expect(answer.status).toBeLessThan(500);
          if (answer.status >= 400) {
            expect(problemOf(answer)).toMatchObject({ status: answer.status });
            expect(await contactsDigest(stack)).toEqual(before);
          } else {
            // Accepted: a whole, valid contact of A, never a partial one.
            const id = create ? (answer.body as { id: string }).id : own;
            const stored = await stack.client.get(contactAt(orgA.id, id), { session: memberA });
            expect(contactView.safeParse(stored.body).success).toBe(true);
          }
        }),
        { numRuns: 80 },
      );
    });

    it('hostile search values and query strings: 200 or 422, never 5xx, and nothing of B', async () => {
      await fc.assert(
        fc.asyncProperty(hostileString(NEAR_MISSES), async (value) => {
          const q = encodeHostile(value);
          for (const path of [`${contactsOf(orgA.id)}?email=${q}`, `${contactsOf(orgA.id)}?${q}=${q}`, `${contactsOf(orgA.id)}?cursor=${q}`, `${contactsOf(orgA.id)}?email=${q}&email=${q}`]) {
            const answer = await stack.client.get(path, { session: memberA });
            expect([path, answer.status === 200 || answer.status === 422]).toEqual([path, true]);
            if (answer.status === 200) expect((answer.body as ContactView[]).filter((c) => bContacts.some((b) => b.id === c.id))).toEqual([]);
          }
        }),
        { numRuns: 40 },
      );
    });
  });
});
