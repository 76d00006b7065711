import type { EntityManager, FindOptionsWhere } from 'typeorm';
import { describeEntity, type EntityClass } from './personal-data-map';

/**
 * An organisation's data as the personal-data map declares it (@TenantId): what its export holds,
 * what its deletion deletes, and what a data-subject request inside it finds. The caller's
 * transaction is already scoped to the tenant (scopeToTenant), so row-level security holds too:
 * these functions also select by the tenant column, and either alone would keep other tenants out.
 */
export function tenantEntities(entities: readonly EntityClass[]): EntityClass[] {
  return entities.filter((entity) => describeEntity(entity).tenantProperty !== undefined);
}

function exportValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return value;
}

/** Rows without their withheld columns (@PersonalData exported: false), values as an export shows them. */
async function readRows(manager: EntityManager, entity: EntityClass, where: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const map = describeEntity(entity);
  const metadata = manager.connection.getMetadata(entity);
  const withheld = new Set(map.personalColumns.filter((c) => c.declaration.exported === false).map((c) => c.property));
  const select = Object.fromEntries(metadata.columns.filter((c) => !withheld.has(c.propertyName)).map((c) => [c.propertyName, true]));
  const rows = (await manager.find(entity, { select, where: where as FindOptionsWhere<object> })) as Record<string, unknown>[];
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !withheld.has(k)).map(([k, v]) => [k, exportValue(v)])));
}

/** Every row of one organisation, per table (the tenant export). */
export async function exportTenant(manager: EntityManager, entities: readonly EntityClass[], orgId: string): Promise<Record<string, Record<string, unknown>[]>> {
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const entity of tenantEntities(entities)) {
    tables[manager.connection.getMetadata(entity).tableName] = await readRows(manager, entity, { [describeEntity(entity).tenantProperty as string]: orgId });
  }
  return tables;
}

/** Deletes every row of one organisation; rows per table. Entities are deleted in reverse order, so children go before their parents. */
export async function eraseTenant(manager: EntityManager, entities: readonly EntityClass[], orgId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entity of [...tenantEntities(entities)].reverse()) {
    const result = await manager.delete(entity, { [describeEntity(entity).tenantProperty as string]: orgId });
    counts[manager.connection.getMetadata(entity).tableName] = result.affected ?? 0;
  }
  return counts;
}

/** The columns of an entity that identify a person by address (@PersonalData identifiesPerson: 'email'). */
function addressColumns(entity: EntityClass): string[] {
  return describeEntity(entity).personalColumns.filter((c) => c.declaration.identifiesPerson === 'email').map((c) => c.property);
}

/** What one organisation holds about an address (already normalised: trimmed, NFC, lower-case), per table. */
export async function tenantSubjectRows(
  manager: EntityManager,
  entities: readonly EntityClass[],
  orgId: string,
  email: string,
): Promise<Record<string, Record<string, unknown>[]>> {
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const entity of tenantEntities(entities)) {
    const tenant = describeEntity(entity).tenantProperty as string;
    const rows: Record<string, unknown>[] = [];
    for (const column of addressColumns(entity)) rows.push(...(await readRows(manager, entity, { [tenant]: orgId, [column]: email })));
    if (rows.length > 0) tables[manager.connection.getMetadata(entity).tableName] = rows;
  }
  return tables;
}

/** Deletes what one organisation holds about an address, and nothing outside it; rows per table. */
export async function eraseTenantSubject(manager: EntityManager, entities: readonly EntityClass[], orgId: string, email: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entity of [...tenantEntities(entities)].reverse()) {
    const tenant = describeEntity(entity).tenantProperty as string;
    let deleted = 0;
    for (const column of addressColumns(entity)) deleted += (await manager.delete(entity, { [tenant]: orgId, [column]: email })).affected ?? 0;
    if (addressColumns(entity).length > 0) counts[manager.connection.getMetadata(entity).tableName] = deleted;
  }
  return counts;
}
