import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security per tenant (docs/tenancy.md). A transaction names its tenant with
 * `set_config('app.org_id', $1, true)` (transaction-local, so a pooled connection never carries it
 * into the next transaction); a tenant table's policy admits only rows of that tenant, and with no
 * tenant set, none. FORCE makes the policy bind the table's owner too, which is the role the
 * service connects as.
 */
export const TENANT_SETTING = 'app.org_id';
/** The subject an account-scoped transaction acts for (erasure, export, "my organisations"). */
export const ACCOUNT_SETTING = 'app.account_id';

/** The tenant the transaction is scoped to, as SQL (NULL when none is set: matches no row). */
export const CURRENT_TENANT_SQL = `NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid`;
export const CURRENT_ACCOUNT_SQL = `NULLIF(current_setting('${ACCOUNT_SETTING}', true), '')::uuid`;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * A row of the transaction's tenant, as a plain policy says it: `= ANY (ARRAY[...])` rather than
 * `=`. Every tenant query also names its tenant (`org_id = $1`); PostgreSQL merges two equalities
 * on one column, and the policy's then became a one-time filter on a Result node of its own above
 * the scan, which projects every row again. As an array the policy stays a condition of the index
 * scan itself (docs/performance.md, "Row-level security"). Inside an OR nothing is merged, so
 * policies with `alsoAdmit` keep the plain equality.
 */
const TENANT_ROW_SQL = `org_id = ANY (ARRAY[${CURRENT_TENANT_SQL}])`;

/**
 * The statements a migration runs to isolate a tenant table by its `org_id`. `alsoAdmit`: one
 * more SQL condition under which a row is visible and writable, for the few lookups that cross
 * tenants by design (an account's own memberships, an invitation by its token hash); it must
 * itself depend on a transaction setting, never be true by default. Run again on a table, they
 * replace its policy.
 */
export function tenantIsolationStatements(table: string, alsoAdmit?: string): string[] {
  if (!IDENTIFIER.test(table)) throw new Error(`"${table}" is not a plain table name`);
  const condition = alsoAdmit ? `(org_id = ${CURRENT_TENANT_SQL}) OR (${alsoAdmit})` : TENANT_ROW_SQL;
  return [
    `ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`,
    `DROP POLICY IF EXISTS tenant_isolation ON "${table}"`,
    `CREATE POLICY tenant_isolation ON "${table}" USING (${condition}) WITH CHECK (${condition})`,
  ];
}

/**
 * A migration that writes the tables' tenant policies again in their present form, for databases
 * migrated before it changed (`name` ends in `timestamp`, as TypeORM orders migrations). The
 * earlier forms admitted exactly the same rows, so there is nothing to undo.
 */
export function tenantPoliciesRewritten(timestamp: number, tables: readonly string[]): new () => MigrationInterface {
  return class TenantPoliciesRewritten implements MigrationInterface {
    name = `TenantPolicyInTheIndexScan${timestamp}`;

    async up(q: QueryRunner): Promise<void> {
      for (const table of tables) for (const statement of tenantIsolationStatements(table)) await q.query(statement);
    }

    down(): Promise<void> {
      return Promise.resolve();
    }
  };
}

/** Scopes the caller's transaction to one tenant (and nothing else): every later statement in it sees only that tenant's rows. */
export async function scopeToTenant(manager: EntityManager, orgId: string): Promise<void> {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('scopeToTenant needs a transaction: the setting is transaction-local');
  await manager.query(`SELECT set_config('${TENANT_SETTING}', $1, true)`, [orgId]);
}

/** Scopes the caller's transaction to one account, for the policies that admit an account's own rows across tenants. */
export async function scopeToAccount(manager: EntityManager, accountId: string): Promise<void> {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('scopeToAccount needs a transaction: the setting is transaction-local');
  await manager.query(`SELECT set_config('${ACCOUNT_SETTING}', $1, true)`, [accountId]);
}

/** One transaction scoped to `orgId`: the one way a service reads or writes tenant data. */
export function inTenant<T>(dataSource: DataSource, orgId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await scopeToTenant(manager, orgId);
    return work(manager);
  });
}
