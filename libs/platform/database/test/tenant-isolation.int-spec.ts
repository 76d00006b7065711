import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { createOwnerRole, createTestDatabase, withDatabase, type TestDatabase, type TestOwnerRole } from '@sargs/testing';
import { CURRENT_TENANT_SQL, tenantIsolationStatements, tenantPoliciesRewritten } from '../src/tenant-isolation';

// A tenant table as a migration makes it (tenantIsolationStatements), on a real PostgreSQL, used
// by the table's owner without superuser or BYPASSRLS, as a service uses its own: which rows the
// policy admits, and where in the plan it checks them.

interface PlanNode {
  'Node Type': string;
  'Index Cond'?: string;
  Filter?: string;
  'One-Time Filter'?: string;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/** One transaction scoped to `orgId` (or to none), as inTenant opens it. */
async function inTenant<T>(pg: Client, orgId: string | undefined, work: () => Promise<T>): Promise<T> {
  await pg.query('BEGIN');
  try {
    if (orgId !== undefined) await pg.query(`SELECT set_config('app.org_id', $1, true)`, [orgId]);
    return await work();
  } finally {
    await pg.query('ROLLBACK');
  }
}

describe('tenant isolation statements', () => {
  let db: TestDatabase;
  let owner: TestOwnerRole;
  const [orgA, orgB] = [randomUUID(), randomUUID()];
  const asOwner = <T>(work: (pg: Client) => Promise<T>) => withDatabase(owner.url, work);

  beforeAll(async () => {
    db = await createTestDatabase('tenant_isolation');
    owner = await createOwnerRole(db, 'tenant_isolation');
    await asOwner(async (pg) => {
      await pg.query('CREATE TABLE item (id uuid PRIMARY KEY, org_id uuid NOT NULL, email text NOT NULL)');
      await pg.query('CREATE INDEX item_email_idx ON item (org_id, email)');
      for (const statement of tenantIsolationStatements('item')) await pg.query(statement);
      for (const orgId of [orgA, orgB]) {
        await pg.query('BEGIN');
        await pg.query(`SELECT set_config('app.org_id', $1, true)`, [orgId]);
        await pg.query(`INSERT INTO item SELECT gen_random_uuid(), $1, 'person-' || g || '@example.test' FROM generate_series(1, 500) g`, [orgId]);
        await pg.query('COMMIT');
      }
      await pg.query('ANALYZE item');
    });
  });
  afterAll(async () => {
    await db?.drop();
    await owner?.drop();
  });

  it("admits the transaction's tenant's rows only, none without a tenant, and refuses a row written for another tenant", async () => {
    await asOwner(async (pg) => {
      const count = (where = '') => pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM item ${where}`).then((r) => r.rows[0].n);
      expect(await inTenant(pg, orgA, () => count())).toBe(500);
      // Naming the other tenant in the query does not get past the policy.
      expect(await inTenant(pg, orgA, () => count(`WHERE org_id = '${orgB}'`))).toBe(0);
      expect(await inTenant(pg, undefined, () => count())).toBe(0);
      await expect(inTenant(pg, orgA, () => pg.query(`INSERT INTO item VALUES ($1, $2, 'x@example.test')`, [randomUUID(), orgB]))).rejects.toThrow(/row-level security/);
      await expect(inTenant(pg, undefined, () => pg.query(`INSERT INTO item VALUES ($1, $2, 'x@example.test')`, [randomUUID(), orgA]))).rejects.toThrow(/row-level security/);
    });
  });

  it('checks the tenant in the index scan itself: a query that names its tenant gets no plan node of its own for the policy', async () => {
    const plan = await asOwner((pg) =>
      inTenant(pg, orgA, async () => {
        // The plan shape is the point, not the planner's choice of scan for 1,000 rows.
        await pg.query('SET LOCAL enable_seqscan = off');
        await pg.query('SET LOCAL enable_bitmapscan = off');
        const { rows } = await pg.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) SELECT id FROM item WHERE org_id = $1 AND email = $2`, [orgA, 'person-7@example.test']);
        return rows[0]['QUERY PLAN'][0].Plan;
      }),
    );
    const nodes = nodesOf(plan);
    expect(nodes.map((n) => n['Node Type'])).toEqual(['Index Scan']);
    expect(nodes[0]['Index Cond']).toContain("current_setting('app.org_id'");
    expect(nodes.filter((n) => n['One-Time Filter'] !== undefined || n.Filter !== undefined)).toEqual([]);
  });

  it('rewrites a table migrated with the earlier form of the policy in place, the rows it admits unchanged', async () => {
    await asOwner(async (pg) => {
      const earlier = `org_id = ${CURRENT_TENANT_SQL}`;
      await pg.query(`DROP POLICY tenant_isolation ON item`);
      await pg.query(`CREATE POLICY tenant_isolation ON item USING (${earlier}) WITH CHECK (${earlier})`);
      const Rewrite = tenantPoliciesRewritten(1797300000000, ['item']);
      const migration = new Rewrite();
      expect(migration.name).toBe('TenantPolicyInTheIndexScan1797300000000');
      await migration.up({ query: (sql: string) => pg.query(sql) } as never);
      const { rows } = await pg.query<{ qual: string; with_check: string }>(`SELECT qual, with_check FROM pg_policies WHERE tablename = 'item'`);
      expect(rows).toHaveLength(1);
      expect(rows[0].qual).toMatch(/^\(org_id = ANY \(ARRAY\[/u);
      expect(rows[0].with_check).toBe(rows[0].qual);
      expect(await inTenant(pg, orgB, () => pg.query(`SELECT count(*)::int AS n FROM item`).then((r) => r.rows[0].n))).toBe(500);
    });
  });
});
