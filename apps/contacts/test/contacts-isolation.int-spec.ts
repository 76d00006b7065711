import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { TenantErasureRequested, TenantSubjectRequested, type EventFrom, type OrgRole } from '@sargs/contracts';
import {
  createOwnerRole,
  createTestDatabase,
  startServiceApp,
  startTestService,
  waitFor,
  withDatabase,
  type ServiceApp,
  type TestDatabase,
  type TestOwnerRole,
  type TestService,
} from '@sargs/testing';
import { contactsService } from '../src/contacts.definition';

/** PostgreSQL's "new row violates row-level security policy". */
const RLS_VIOLATION = '42501';

// Tenant isolation where it is enforced: the database. contacts runs in this process as it does in
// production, logged in as a role of its own that owns its tables and is no superuser, so the
// forced row-level security binds it. The SQL below runs as that same role; the test's own reads
// (what is really there) run as the superuser, whom no policy binds.
describe('contacts: tenant isolation by row-level security', () => {
  let db: TestDatabase;
  let owner: TestOwnerRole;
  let contacts: ServiceApp;
  let retentionDb: TestDatabase;
  let retention: TestService;

  const orgA = randomUUID();
  const orgB = randomUUID();
  const marker = randomUUID().slice(0, 8);
  /** One address both organisations hold a contact for: each its own, independently. */
  const shared = `shared.${marker}@example.test`;
  const ids: Record<'A' | 'B', string[]> = { A: [], B: [] };

  const member = (orgId: string, role: OrgRole = 'member') => contacts.as({ sub: randomUUID(), roles: ['user'], sid: randomUUID(), org: { id: orgId, role } });
  const asService = <T>(work: (pg: Client) => Promise<T>) => withDatabase(owner.url, work);
  const asAdmin = <T>(work: (pg: Client) => Promise<T>) => withDatabase(db.url, work);
  /** One transaction of the service's role scoped to `orgId`, rolled back: nothing it does stays. */
  const scoped = <T>(orgId: string, work: (pg: Client) => Promise<T>) =>
    asService(async (pg) => {
      await pg.query('BEGIN');
      try {
        await pg.query(`SELECT set_config('app.org_id', $1, true)`, [orgId]);
        return await work(pg);
      } finally {
        await pg.query('ROLLBACK');
      }
    });
  /** Every row of one organisation as it really is (read as the superuser), one digest. */
  const digest = (orgId: string) =>
    asAdmin(async (pg) => (await pg.query<{ d: string }>(`SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t.id), '')) AS d FROM contact t WHERE org_id = $1`, [orgId])).rows[0].d);
  const countAll = () => asAdmin(async (pg) => Number((await pg.query<{ n: string }>('SELECT count(*) AS n FROM contact')).rows[0].n));
  const outboxPayloads = (type: string) =>
    asAdmin(async (pg) => (await pg.query<{ payload: Record<string, unknown> }>(`SELECT envelope->'payload' AS payload FROM outbox_message WHERE envelope->>'type' = $1 ORDER BY id`, [type])).rows.map((r) => r.payload));

  beforeAll(async () => {
    db = await createTestDatabase('contacts_isolation');
    owner = await createOwnerRole(db, 'contacts');
    contacts = await startServiceApp(contactsService, { databaseUrl: owner.url });
    retentionDb = await createTestDatabase('contacts_isolation_retention');
    // Stands in for retention: publishes the tenant requests retention would (admin principal).
    retention = await startTestService({ name: `contacts-isolation-retention-${marker}`, databaseUrl: retentionDb.url });
    // Seeded through the service's own API, as a member of each organisation.
    for (const [org, orgId] of [['A', orgA], ['B', orgB]] as const) {
      for (const body of [
        { kind: 'customer', name: `${org} Customer ${marker}`, email: shared },
        { kind: 'supplier', name: `${org} Supplier ${marker}`, email: `${org.toLowerCase()}.supplier.${marker}@example.test`, phone: '+371 20000000' },
        { kind: 'employee', name: `${org} Employee ${marker}`, note: 'works Mondays' },
      ]) {
        const created = await contacts.http().post(`/orgs/${orgId}/contacts`).set(member(orgId)).send(body);
        expect(created.status).toBe(201);
        ids[org].push((created.body as { id: string }).id);
      }
    }
  });
  afterAll(async () => {
    await contacts?.close();
    await retention?.close();
    await db?.drop();
    await owner?.drop();
    await retentionDb?.drop();
  });

  describe('in the database, as the service role', () => {
    it('is a role without SUPERUSER or BYPASSRLS that owns the contact table, whose row-level security is on and forced', async () => {
      const role = await asService(async (pg) => (await pg.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`)).rows[0]);
      expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
      const table = await asService(
        async (pg) =>
          (await pg.query(`SELECT pg_get_userbyid(relowner) = current_user AS owned, relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = 'public.contact'::regclass`)).rows[0],
      );
      expect(table).toEqual({ owned: true, relrowsecurity: true, relforcerowsecurity: true });
    });

    it('sees no rows without a tenant set, though both organisations have some', async () => {
      expect(await countAll()).toBe(6);
      expect(await asService(async (pg) => (await pg.query('SELECT * FROM contact')).rows)).toEqual([]);
      expect(await asService(async (pg) => (await pg.query('SELECT * FROM contact WHERE org_id = ANY($1)', [[orgA, orgB]])).rows)).toEqual([]);
      // An empty setting is no tenant either.
      expect(await scoped('', async (pg) => (await pg.query('SELECT * FROM contact')).rows)).toEqual([]);
    });

    it("sees exactly A's rows when scoped to A, even when it asks for B's by organisation or by id", async () => {
      const rows = await scoped(orgA, async (pg) => (await pg.query<{ id: string; org_id: string }>('SELECT id, org_id FROM contact ORDER BY id')).rows);
      expect(rows.map((r) => r.id).sort()).toEqual([...ids.A].sort());
      expect(new Set(rows.map((r) => r.org_id))).toEqual(new Set([orgA]));
      expect(await scoped(orgA, async (pg) => (await pg.query('SELECT * FROM contact WHERE org_id = $1', [orgB])).rows)).toEqual([]);
      expect(await scoped(orgA, async (pg) => (await pg.query('SELECT * FROM contact WHERE id = ANY($1)', [ids.B])).rows)).toEqual([]);
      expect(await scoped(orgA, async (pg) => (await pg.query<{ id: string }>('SELECT id FROM contact WHERE email = $1', [shared])).rows.map((r) => r.id))).toEqual([ids.A[0]]);
    });

    it("refuses, scoped to A, to write a row for B or to move one of A's rows to B (WITH CHECK)", async () => {
      const before = await digest(orgB);
      const insert = scoped(orgA, (pg) =>
        pg.query(`INSERT INTO contact (id, org_id, kind, name, created_at, updated_at) VALUES ($1, $2, 'customer', 'Planted', now(), now())`, [randomUUID(), orgB]),
      );
      await expect(insert).rejects.toMatchObject({ code: RLS_VIOLATION });
      const move = scoped(orgA, (pg) => pg.query(`UPDATE contact SET org_id = $1 WHERE id = $2`, [orgB, ids.A[0]]));
      await expect(move).rejects.toMatchObject({ code: RLS_VIOLATION });
      // Committed, not rolled back: a refused write leaves nothing even when the transaction goes on.
      await asService(async (pg) => {
        await pg.query('BEGIN');
        await pg.query(`SELECT set_config('app.org_id', $1, true)`, [orgA]);
        await pg.query('SAVEPOINT s');
        await expect(pg.query(`INSERT INTO contact (id, org_id, kind, name, created_at, updated_at) VALUES ($1, $2, 'customer', 'Planted', now(), now())`, [randomUUID(), orgB])).rejects.toMatchObject({
          code: RLS_VIOLATION,
        });
        await pg.query('ROLLBACK TO SAVEPOINT s');
        await pg.query('COMMIT');
      });
      expect(await digest(orgB)).toBe(before);
      expect(await countAll()).toBe(6);
    });

    it("updates and deletes, scoped to A, only A's rows: B's are out of reach even without a WHERE clause", async () => {
      const [beforeA, beforeB] = [await digest(orgA), await digest(orgB)];
      await asService(async (pg) => {
        await pg.query('BEGIN');
        await pg.query(`SELECT set_config('app.org_id', $1, true)`, [orgA]);
        expect((await pg.query(`UPDATE contact SET name = 'Overwritten' WHERE org_id = $1`, [orgB])).rowCount).toBe(0);
        expect((await pg.query(`UPDATE contact SET name = 'Overwritten' WHERE id = ANY($1)`, [ids.B])).rowCount).toBe(0);
        expect((await pg.query(`DELETE FROM contact WHERE org_id = $1`, [orgB])).rowCount).toBe(0);
        expect((await pg.query(`DELETE FROM contact WHERE id = ANY($1)`, [ids.B])).rowCount).toBe(0);
        // No WHERE at all: the policy is the only limit, and it holds.
        expect((await pg.query(`UPDATE contact SET note = 'Overwritten'`)).rowCount).toBe(3);
        expect((await pg.query(`DELETE FROM contact`)).rowCount).toBe(3);
        await pg.query('ROLLBACK');
      });
      expect(await digest(orgB)).toBe(beforeB);
      expect(await digest(orgA)).toBe(beforeA);
    });

    it('forgets the tenant when its transaction ends: the next statement on the same connection sees nothing', async () => {
      await asService(async (pg) => {
        await pg.query('BEGIN');
        await pg.query(`SELECT set_config('app.org_id', $1, true)`, [orgA]);
        expect((await pg.query('SELECT id FROM contact')).rowCount).toBe(3);
        await pg.query('COMMIT');
        expect((await pg.query('SELECT id FROM contact')).rowCount).toBe(0);
      });
    });
  });

  describe("through the service's own API (the gateway's assertion, no gateway)", () => {
    const contactPath = (orgId: string, contactId: string) => `/orgs/${orgId}/contacts/${contactId}`;

    it("answers a member of A about B's contacts exactly as about contacts that do not exist, and changes nothing of B's", async () => {
      const before = await digest(orgB);
      const unknown = await contacts.http().get(contactPath(orgA, randomUUID())).set(member(orgA));
      expect(unknown.status).toBe(404);
      for (const contactId of ids.B) {
        const read = await contacts.http().get(contactPath(orgA, contactId)).set(member(orgA));
        const change = await contacts.http().patch(contactPath(orgA, contactId)).set(member(orgA)).send({ name: 'Overwritten' });
        const remove = await contacts.http().delete(contactPath(orgA, contactId)).set(member(orgA));
        for (const answer of [read, change, remove]) {
          expect(answer.status).toBe(404);
          expect(answer.body).toEqual(unknown.body);
        }
      }
      const listed = await contacts.http().get(`/orgs/${orgA}/contacts`).set(member(orgA));
      expect((listed.body as { id: string }[]).map((c) => c.id).sort()).toEqual([...ids.A].sort());
      const searched = await contacts.http().get(`/orgs/${orgA}/contacts`).query({ email: shared.toUpperCase() }).set(member(orgA));
      expect((searched.body as { id: string }[]).map((c) => c.id)).toEqual([ids.A[0]]);
      expect(await digest(orgB)).toBe(before);
    });

    it("refuses an assertion for A on B's path, or none for any organisation, as an unknown organisation (404)", async () => {
      const before = await digest(orgB);
      const unknownOrg = await contacts.http().get(`/orgs/${randomUUID()}/contacts`).set(member(orgA));
      expect(unknownOrg.status).toBe(404);
      const calls = [
        () => contacts.http().get(`/orgs/${orgB}/contacts`).set(member(orgA)),
        () => contacts.http().get(contactPath(orgB, ids.B[0])).set(member(orgA, 'owner')),
        () => contacts.http().post(`/orgs/${orgB}/contacts`).set(member(orgA)).send({ kind: 'customer', name: 'Planted' }),
        () => contacts.http().patch(contactPath(orgB, ids.B[0])).set(member(orgA)).send({ name: 'Overwritten' }),
        () => contacts.http().delete(contactPath(orgB, ids.B[0])).set(member(orgA)),
        () => contacts.http().get(`/orgs/${orgB}/contacts`).set(contacts.as({ sub: randomUUID(), roles: ['user'], sid: randomUUID() })),
      ];
      for (const call of calls) {
        const answer = await call();
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual(unknownOrg.body);
      }
      expect(await digest(orgB)).toBe(before);
      expect(await countAll()).toBe(6);
    });
  });

  describe("the tenant participant (the platform's, driven by the entity's declarations)", () => {
    const askSubject = (payload: EventFrom<typeof TenantSubjectRequested>['payload']) =>
      retention.dataSource.transaction((manager) => retention.publisher.publish(manager, TenantSubjectRequested, payload.orgId, payload));
    const askErasure = (payload: EventFrom<typeof TenantErasureRequested>['payload']) =>
      retention.dataSource.transaction((manager) => retention.publisher.publish(manager, TenantErasureRequested, payload.orgId, payload));

    it("answers a data-subject request inside A with A's rows about the address, and erases them, leaving B's contact with the same address", async () => {
      const beforeB = await digest(orgB);
      const access = randomUUID();
      await askSubject({ requestId: access, orgId: orgA, type: 'access', email: shared, requestedAt: new Date().toISOString() });
      const [answer] = await waitFor(
        async () => (await outboxPayloads('TenantSubjectAnswered')).filter((p) => p.requestId === access),
        (found) => found.length === 1,
        { timeoutMs: 60_000, what: 'the access answer in the outbox' },
      );
      const rows = (answer.tables as Record<string, { id: string; orgId: string; email: string }[]>).contact;
      expect(rows.map((r) => [r.id, r.orgId, r.email])).toEqual([[ids.A[0], orgA, shared]]);

      const erasure = randomUUID();
      await askSubject({ requestId: erasure, orgId: orgA, type: 'erasure', email: shared, requestedAt: new Date().toISOString() });
      const [erased] = await waitFor(
        async () => (await outboxPayloads('TenantSubjectAnswered')).filter((p) => p.requestId === erasure),
        (found) => found.length === 1,
        { timeoutMs: 60_000, what: 'the erasure answer in the outbox' },
      );
      expect(erased.counts).toEqual({ contact: 1 });
      expect(await countAll()).toBe(5);
      expect(await digest(orgB)).toBe(beforeB);
    });

    it("deletes every row of A for the organisation's erasure, and none of B's", async () => {
      const beforeB = await digest(orgB);
      const caseId = randomUUID();
      await askErasure({ caseId, orgId: orgA, requestedAt: new Date().toISOString() });
      const [completed] = await waitFor(
        async () => (await outboxPayloads('ErasureCompleted')).filter((p) => p.caseId === caseId),
        (found) => found.length === 1,
        { timeoutMs: 60_000, what: 'ErasureCompleted in the outbox' },
      );
      expect(completed).toMatchObject({ subjectId: orgA, service: 'contacts', counts: { contact: 2 } });
      expect(await asAdmin(async (pg) => (await pg.query('SELECT id FROM contact WHERE org_id = $1', [orgA])).rows)).toEqual([]);
      expect(await digest(orgB)).toBe(beforeB);
      expect(await countAll()).toBe(3);
    });
  });
});
