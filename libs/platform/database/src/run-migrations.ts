import type { DataSource } from 'typeorm';

/** Any fixed number works; it only has to be the same for every instance of one service. */
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Runs pending migrations under an advisory lock, so two instances starting together do not
 * race on the same migration.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
