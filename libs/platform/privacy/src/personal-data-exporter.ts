import type { EntityManager } from 'typeorm';
import { describeEntity, type EntityClass } from './personal-data-map';

/** A column value as it appears in an export: times in ISO 8601, bytes in base64. */
function exportValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return value;
}

/**
 * Every row held about one subject, per table, for the person's export (R11). Columns declared
 * `exported: false` (secrets such as password and token hashes) are left out.
 */
export async function exportSubject(
  manager: EntityManager,
  entities: readonly EntityClass[],
  subjectId: string,
): Promise<Record<string, Record<string, unknown>[]>> {
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const entity of entities) {
    const map = describeEntity(entity);
    if (!map.subjectProperty || map.personalColumns.length === 0) continue;
    const metadata = manager.connection.getMetadata(entity);
    const withheld = new Set(map.personalColumns.filter((c) => c.declaration.exported === false).map((c) => c.property));
    // Withheld columns are not even read; the filter below keeps them out whatever find returns.
    const select = Object.fromEntries(metadata.columns.filter((c) => !withheld.has(c.propertyName)).map((c) => [c.propertyName, true]));
    const rows = await manager.find(entity, { select, where: { [map.subjectProperty]: subjectId } });
    tables[metadata.tableName] = (rows as Record<string, unknown>[]).map((row) =>
      Object.fromEntries(Object.entries(row).filter(([k]) => !withheld.has(k)).map(([k, v]) => [k, exportValue(v)])),
    );
  }
  return tables;
}
