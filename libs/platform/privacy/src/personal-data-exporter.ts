import type { EntityManager } from 'typeorm';
import { describeEntity, type EntityClass } from './personal-data-map';

/** Every row held about one subject, per table, for the person's export (R11). */
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
    const rows = await manager.find(entity, { where: { [map.subjectProperty]: subjectId } });
    tables[metadata.tableName] = (rows as Record<string, unknown>[]).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
    );
  }
  return tables;
}
