import { createHmac } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { describeEntity, type EntityClass } from './personal-data-map';

/** A value kept after erasure only as a keyed hash: still comparable, no longer readable. */
export function pseudonymise(key: Buffer, value: string): string {
  return `pseud:${createHmac('sha256', key).update(value).digest('hex').slice(0, 32)}`;
}

/**
 * Erases one subject from the given entities inside the caller's transaction: rows whose personal
 * columns are all `erase` are deleted; rows with a `keep-pseudonymised` column are kept with
 * erase-columns set to NULL and the others replaced by their pseudonym. Returns rows per table.
 */
export async function eraseSubject(
  manager: EntityManager,
  entities: readonly EntityClass[],
  subjectId: string,
  pseudonymKey: Buffer,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entity of entities) {
    const map = describeEntity(entity);
    if (map.referenceColumns.length > 0) {
      counts[manager.connection.getMetadata(entity).tableName] = await pseudonymiseReferences(manager, entity, map.referenceColumns, subjectId, pseudonymKey);
    }
    if (!map.subjectProperty || map.personalColumns.length === 0) continue;
    const metadata = manager.connection.getMetadata(entity);
    const where = { [map.subjectProperty]: subjectId };
    const keeps = map.personalColumns.some((c) => c.declaration.onErasure === 'keep-pseudonymised');
    if (!keeps) {
      const result = await manager.delete(entity, where);
      counts[metadata.tableName] = result.affected ?? 0;
      continue;
    }
    const rows = await manager.find(entity, { where });
    for (const row of rows as Record<string, unknown>[]) {
      for (const { property, declaration } of map.personalColumns) {
        const value = row[property];
        row[property] =
          declaration.onErasure === 'erase' || value === null || value === undefined
            ? null
            : pseudonymise(pseudonymKey, String(value));
      }
    }
    await manager.save(entity, rows);
    counts[metadata.tableName] = rows.length;
  }
  return counts;
}

/** Rows kept for good (the audit trail): every column naming the subject gets their pseudonym instead. */
async function pseudonymiseReferences(
  manager: EntityManager,
  entity: EntityClass,
  columns: readonly string[],
  subjectId: string,
  pseudonymKey: Buffer,
): Promise<number> {
  let rows = 0;
  const pseudonym = pseudonymise(pseudonymKey, subjectId);
  for (const column of columns) {
    const result = await manager.update(entity, { [column]: subjectId }, { [column]: pseudonym });
    rows += result.affected ?? 0;
  }
  return rows;
}
