import type { DataSource } from 'typeorm';
import { TENANT_SETTING } from '@sargs/platform/database';
import { describeEntity, type EntityClass } from '@sargs/platform/privacy';

/** The tenant column every tenant table carries (docs/architecture.md, "Tenancy"). */
export const TENANT_COLUMN = 'org_id';

interface TableSecurity {
  table: string;
  relrowsecurity: boolean;
  relforcerowsecurity: boolean;
  /** Permissive policies for every command whose USING and WITH CHECK both read the tenant setting. */
  tenant_policies: number;
}

/**
 * What is wrong with tenant isolation in a migrated database, read from the catalogue: each table
 * of the public schema that has an `org_id` column must have row-level security on, forced (so
 * it binds the owner, the service's own role), and a policy for every command that checks rows
 * against the transaction's tenant both ways (USING and WITH CHECK). Empty means isolated.
 */
export async function tenantTableProblems(dataSource: DataSource): Promise<string[]> {
  const tables: TableSecurity[] = await dataSource.query(
    `SELECT c.relname AS table, c.relrowsecurity, c.relforcerowsecurity,
            (SELECT count(*)::int FROM pg_policy p
              WHERE p.polrelid = c.oid AND p.polpermissive AND p.polcmd = '*'
                AND pg_get_expr(p.polqual, p.polrelid) LIKE $2
                AND pg_get_expr(p.polwithcheck, p.polrelid) LIKE $2) AS tenant_policies
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = $1 AND a.attnum > 0 AND NOT a.attisdropped)
      ORDER BY c.relname`,
    [TENANT_COLUMN, `%current_setting('${TENANT_SETTING}'%`],
  );
  return tables.flatMap((t) => [
    ...(t.relrowsecurity ? [] : [`${t.table}: has ${TENANT_COLUMN} but row-level security is off`]),
    ...(t.relforcerowsecurity ? [] : [`${t.table}: has ${TENANT_COLUMN} but row-level security is not forced (the owning service role bypasses it)`]),
    ...(t.tenant_policies > 0 ? [] : [`${t.table}: has ${TENANT_COLUMN} but no policy checks rows against ${TENANT_SETTING} (USING and WITH CHECK, every command)`]),
  ]);
}

/**
 * What is wrong between the entities and the tenant tables: an entity's @TenantId column must be
 * `org_id` (the column the policies and the checker read), and a table with `org_id` must belong
 * to an entity that declares it @TenantId (or its rows would be missed by the tenant's export and
 * deletion). Run after tenantTableProblems, whose tables these are.
 */
export async function tenantEntityProblems(dataSource: DataSource, entities: readonly EntityClass[]): Promise<string[]> {
  const problems: string[] = [];
  const declared = new Set<string>();
  for (const entity of entities) {
    const property = describeEntity(entity).tenantProperty;
    if (!property) continue;
    const metadata = dataSource.getMetadata(entity);
    const column = metadata.findColumnWithPropertyName(property)?.databaseName;
    if (column !== TENANT_COLUMN) problems.push(`${entity.name}.${property}: @TenantId column is "${column}", not ${TENANT_COLUMN}`);
    else declared.add(metadata.tableName);
  }
  const tables: { table: string }[] = await dataSource.query(
    `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = $1 AND a.attnum > 0 AND NOT a.attisdropped)
      ORDER BY c.relname`,
    [TENANT_COLUMN],
  );
  const found = new Set(tables.map((t) => t.table));
  for (const table of found) if (!declared.has(table)) problems.push(`${table}: has ${TENANT_COLUMN} but no entity declares it @TenantId`);
  for (const table of declared) if (!found.has(table)) problems.push(`${table}: an entity declares @TenantId, but the migrated database has no such table with ${TENANT_COLUMN}`);
  return problems;
}
