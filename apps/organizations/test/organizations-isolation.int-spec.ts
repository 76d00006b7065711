import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { ErasureRequested, TenantErasureRequested, type EventFrom } from '@sargs/contracts';
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
import { InvitationsService } from '../src/invitations/invitations.service';
import { organizationsService } from '../src/organizations.definition';

/** PostgreSQL's "new row violates row-level security policy". */
const RLS_VIOLATION = '42501';
const TENANT_TABLES = ['organization', 'org_membership', 'org_invitation', 'dpa_acceptance'] as const;

// Tenant isolation where it is enforced: the database. organizations runs in this process as in
// production, logged in as a role of its own that owns its tables and is no superuser, so the
// forced row-level security binds it. The SQL below runs as that same role; the test's own reads
// (what is really there) run as the superuser, whom no policy binds.
describe('organizations: tenant isolation by row-level security, and the lookups that cross it by design', () => {
  let db: TestDatabase;
  let owner: TestOwnerRole;
  let organizations: ServiceApp;
  let retentionDb: TestDatabase;
  let retention: TestService;

  const alice = randomUUID();
  const bob = randomUUID();
  const carol = randomUUID();
  let orgA = '';
  let orgB = '';
  let invitationA = '';

  const as = (sub: string) => organizations.as({ sub, roles: ['user'], sid: randomUUID() });
  const asTenant = (sub: string, orgId: string) => organizations.as({ sub, roles: ['user'], sid: randomUUID(), org: { id: orgId, role: 'owner' } });
  const asService = <T>(work: (pg: Client) => Promise<T>) => withDatabase(owner.url, work);
  const asAdmin = <T>(work: (pg: Client) => Promise<T>) => withDatabase(db.url, work);
  /** One transaction of the service's role with these settings, rolled back: nothing it does stays. */
  const scoped = <T>(settings: Record<string, string>, work: (pg: Client) => Promise<T>) =>
    asService(async (pg) => {
      await pg.query('BEGIN');
      try {
        for (const [name, value] of Object.entries(settings)) await pg.query(`SELECT set_config($1, $2, true)`, [name, value]);
        return await work(pg);
      } finally {
        await pg.query('ROLLBACK');
      }
    });
  const orgIdsOf = async (pg: Client, table: string) => [...new Set((await pg.query<{ org_id: string }>(`SELECT org_id FROM ${table}`)).rows.map((r) => r.org_id))].sort();
  const outboxPayloads = (type: string) =>
    asAdmin(async (pg) => (await pg.query<{ payload: Record<string, unknown> }>(`SELECT envelope->'payload' AS payload FROM outbox_message WHERE envelope->>'type' = $1 ORDER BY id`, [type])).rows.map((r) => r.payload));
  const countOf = (table: string, orgId: string) => asAdmin(async (pg) => Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE org_id = $1`, [orgId])).rows[0].n));

  beforeAll(async () => {
    db = await createTestDatabase('organizations_isolation');
    owner = await createOwnerRole(db, 'organizations');
    organizations = await startServiceApp(organizationsService, { databaseUrl: owner.url });
    retentionDb = await createTestDatabase('organizations_isolation_retention');
    // Stands in for retention: publishes the erasure requests retention would (admin principal).
    retention = await startTestService({ name: `organizations-isolation-retention-${randomUUID().slice(0, 8)}`, databaseUrl: retentionDb.url });
    // The copies identity's and profile's events would have made.
    await asAdmin((pg) =>
      pg.query(`INSERT INTO member_account (account_id, email, name, language) VALUES ($1, 'alice@example.test', 'Alise', 'lv'), ($2, 'bob@example.test', 'Bruno', 'en')`, [alice, bob]),
    );
    // Seeded through the service's own API: A owned by Alice, B by Bruno, who invites Alice.
    orgA = (await organizations.http().post('/orgs').set(as(alice)).send({ name: 'SIA A', registrationNumber: '40003521600' })).body.id as string;
    orgB = (await organizations.http().post('/orgs').set(as(bob)).send({ name: 'SIA B', registrationNumber: '40003189718' })).body.id as string;
    expect([orgA, orgB].every(Boolean)).toBe(true);
    invitationA = (await organizations.http().post(`/orgs/${orgA}/invitations`).set(asTenant(alice, orgA)).send({ email: 'carol@example.test', role: 'member' })).body.id as string;
    await organizations.http().post(`/orgs/${orgB}/invitations`).set(asTenant(bob, orgB)).send({ email: 'dora@example.test', role: 'member' }).expect(201);
    await asAdmin((pg) => pg.query(`INSERT INTO org_membership (org_id, account_id, role, joined_at) VALUES ($1, $2, 'member', now())`, [orgB, alice]));
    // The seed DPA (DPA_SEED_DIR) is in force; both accept it.
    await waitFor(() => organizations.http().get('/dpa').set(organizations.as()).then((r) => r.status), (s) => s === 200, { what: 'the seed DPA' });
    for (const [orgId, sub] of [[orgA, alice], [orgB, bob]]) await organizations.http().post(`/orgs/${orgId}/dpa-acceptance`).set(asTenant(sub, orgId)).send({ version: '1' }).expect(201);
  }, 120_000);
  afterAll(async () => {
    await organizations?.close();
    await retention?.close();
    await db?.drop();
    await owner?.drop();
    await retentionDb?.drop();
  });

  describe('in the database, as the service role', () => {
    it('is a role without SUPERUSER or BYPASSRLS that owns every tenant table, each with row-level security on and forced', async () => {
      expect(await asService(async (pg) => (await pg.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`)).rows[0])).toEqual({ rolsuper: false, rolbypassrls: false });
      for (const table of TENANT_TABLES) {
        const security = await asService(
          async (pg) => (await pg.query(`SELECT pg_get_userbyid(relowner) = current_user AS owned, relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = $1::regclass`, [`public.${table}`])).rows[0],
        );
        expect({ table, ...security }).toEqual({ table, owned: true, relrowsecurity: true, relforcerowsecurity: true });
      }
    });

    it('sees no row of any tenant table without a setting, though both organisations have some', async () => {
      for (const table of TENANT_TABLES) {
        expect({ table, all: await asAdmin((pg) => orgIdsOf(pg, table)) }).toEqual({ table, all: [orgA, orgB].sort() });
        expect({ table, seen: await asService((pg) => orgIdsOf(pg, table)) }).toEqual({ table, seen: [] });
      }
    });

    it("sees exactly A's rows when scoped to A, and may not write B's", async () => {
      for (const table of TENANT_TABLES) expect({ table, seen: await scoped({ 'app.org_id': orgA }, (pg) => orgIdsOf(pg, table)) }).toEqual({ table, seen: [orgA] });
      await expect(
        scoped({ 'app.org_id': orgA }, (pg) => pg.query(`INSERT INTO org_membership (org_id, account_id, role, joined_at) VALUES ($1, $2, 'owner', now())`, [orgB, carol])),
      ).rejects.toMatchObject({ code: RLS_VIOLATION });
      expect(await scoped({ 'app.org_id': orgA }, async (pg) => (await pg.query(`UPDATE organization SET name = 'Overwritten'`)).rowCount)).toBe(1);
    });

    it("admits, for an account, its own memberships and their organisations, and nobody else's", async () => {
      const aliceSees = await scoped({ 'app.account_id': alice }, async (pg) => ({
        memberships: (await pg.query<{ org_id: string; account_id: string }>('SELECT org_id, account_id FROM org_membership ORDER BY org_id')).rows,
        organizations: await orgIdsOf(pg, 'organization'),
        invitations: await orgIdsOf(pg, 'org_invitation'),
        acceptances: await orgIdsOf(pg, 'dpa_acceptance'),
      }));
      expect(aliceSees).toEqual({
        memberships: [{ org_id: orgA, account_id: alice }, { org_id: orgB, account_id: alice }].sort((a, b) => a.org_id.localeCompare(b.org_id)),
        organizations: [orgA, orgB].sort(),
        invitations: [],
        acceptances: [],
      });
      expect(await scoped({ 'app.account_id': carol }, (pg) => orgIdsOf(pg, 'organization'))).toEqual([]);
      expect(await scoped({ 'app.account_id': bob }, (pg) => orgIdsOf(pg, 'organization'))).toEqual([orgB]);
    });

    it('admits, for a registration number, the organisations with it alone; for a token hash, that invitation alone', async () => {
      expect(await scoped({ 'app.registration_number': '40003521600' }, (pg) => orgIdsOf(pg, 'organization'))).toEqual([orgA]);
      expect(await scoped({ 'app.registration_number': '40003521600' }, (pg) => orgIdsOf(pg, 'org_membership'))).toEqual([]);
      const hash = await asAdmin(async (pg) => (await pg.query<{ h: string }>(`SELECT encode(token_hash, 'hex') AS h FROM org_invitation WHERE id = $1`, [invitationA])).rows[0].h);
      expect(await scoped({ 'app.invitation_token_hash': hash }, async (pg) => (await pg.query<{ id: string }>('SELECT id FROM org_invitation')).rows.map((r) => r.id))).toEqual([invitationA]);
      // Only long-expired ones are admitted to the purge, and these are not expired.
      expect(await scoped({ 'app.invitations_expired_before': new Date().toISOString() }, (pg) => orgIdsOf(pg, 'org_invitation'))).toEqual([]);
    });
  });

  describe("through the service's own API", () => {
    const resolve = (sub: string, orgId: string, accountId = sub) => organizations.http().post('/internal/memberships/resolve').set(as(sub)).send({ orgId, accountId });

    it("answers the gateway's lookup with the role, and 404 for a non-member or for another account than the assertion's", async () => {
      expect((await resolve(alice, orgA)).body).toEqual({ role: 'owner' });
      expect((await resolve(alice, orgB)).body).toEqual({ role: 'member' });
      const unknown = await resolve(alice, randomUUID());
      expect(unknown.status).toBe(404);
      for (const answer of [await resolve(carol, orgA), await resolve(carol, orgA, alice)]) expect([answer.status, answer.body]).toEqual([404, unknown.body]);
    });

    it('refuses an assertion for A on B\'s path as an unknown organisation', async () => {
      const unknown = await organizations.http().get(`/orgs/${randomUUID()}`).set(asTenant(alice, orgA));
      const crossed = await organizations.http().get(`/orgs/${orgB}`).set(asTenant(alice, orgA));
      expect([crossed.status, crossed.body]).toEqual([404, unknown.body]);
    });
  });

  describe('erasure (the platform participants, driven by the declarations)', () => {
    const askErasure = (payload: EventFrom<typeof ErasureRequested>['payload']) =>
      retention.dataSource.transaction((manager) => retention.publisher.publish(manager, ErasureRequested, payload.subjectId, payload));
    const askTenantErasure = (payload: EventFrom<typeof TenantErasureRequested>['payload']) =>
      retention.dataSource.transaction((manager) => retention.publisher.publish(manager, TenantErasureRequested, payload.orgId, payload));
    const completed = (caseId: string) =>
      waitFor(
        async () => (await outboxPayloads('ErasureCompleted')).filter((p) => p.caseId === caseId),
        (found) => found.length === 1,
        { timeoutMs: 60_000, what: 'ErasureCompleted in the outbox' },
      ).then((found) => found[0]);

    it("deletes a person's memberships in every organisation and the copy of their account, and nothing else", async () => {
      const caseId = randomUUID();
      await askErasure({ caseId, subjectId: alice, requestedAt: new Date().toISOString() });
      expect(await completed(caseId)).toMatchObject({ subjectId: alice, service: 'organizations', counts: { org_membership: 2, member_account: 1 } });
      expect(await asAdmin(async (pg) => (await pg.query('SELECT org_id FROM org_membership WHERE account_id = $1', [alice])).rows)).toEqual([]);
      expect(await countOf('org_membership', orgB)).toBe(1);
      expect(await countOf('organization', orgA)).toBe(1);
    });

    it("deletes every row of A for the organisation's erasure, and none of B's", async () => {
      const before = await Promise.all(TENANT_TABLES.map((table) => countOf(table, orgB)));
      const caseId = randomUUID();
      await askTenantErasure({ caseId, orgId: orgA, requestedAt: new Date().toISOString() });
      expect(await completed(caseId)).toMatchObject({ subjectId: orgA, service: 'organizations', counts: { organization: 1, org_membership: 0, org_invitation: 1, dpa_acceptance: 1 } });
      for (const table of TENANT_TABLES) expect({ table, left: await countOf(table, orgA) }).toEqual({ table, left: 0 });
      expect(await Promise.all(TENANT_TABLES.map((table) => countOf(table, orgB)))).toEqual(before);
    });
  });

  describe('the purge of expired invitations (the one statement across organisations that deletes)', () => {
    it('deletes only invitations that expired longer ago than INVITATION_PURGE_AFTER_MS', async () => {
      const [fresh, stale] = [randomUUID(), randomUUID()];
      await asAdmin(async (pg) => {
        const insert = `INSERT INTO org_invitation (id, org_id, email, role, token_hash, created_at, expires_at) VALUES ($1, $2, $3, 'member', $4, now() - interval '60 days', now() - $5::interval)`;
        await pg.query(insert, [fresh, orgB, 'fresh@example.test', Buffer.from(fresh), '1 day']);
        await pg.query(insert, [stale, orgB, 'stale@example.test', Buffer.from(stale), '31 days']);
      });
      const before = await countOf('org_invitation', orgB);
      expect(await organizations.app.get(InvitationsService).purgeExpired()).toBe(1);
      expect(await asAdmin(async (pg) => (await pg.query<{ id: string }>('SELECT id FROM org_invitation WHERE id = ANY($1)', [[fresh, stale]])).rows.map((r) => r.id))).toEqual([fresh]);
      expect(await countOf('org_invitation', orgB)).toBe(before - 1);
    });
  });
});
