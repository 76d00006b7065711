import type { DataSource } from 'typeorm';

/**
 * The SQL TypeORM would still run to make the database match the entities, after every
 * migration has run. Empty means entities and migrations agree; anything else is drift.
 */
export async function findSchemaDrift(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}
