import type { DataSource, QueryRunner } from 'typeorm';

/** Session advisory lock: one backup (or purge) at a time across retention instances. */
export const BACKUP_LOCK_KEY = 727_003;

export interface BackupLock {
  runner: QueryRunner;
  release(): Promise<void>;
}

/** The lock on a connection of its own, or null when another run (here or in another instance) holds it. */
export async function tryBackupLock(dataSource: DataSource): Promise<BackupLock | null> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row]: { locked: boolean }[] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [BACKUP_LOCK_KEY]);
    if (!row?.locked) {
      await runner.release();
      return null;
    }
  } catch (err) {
    await runner.release();
    throw err;
  }
  return {
    runner,
    release: async () => {
      await runner.query('SELECT pg_advisory_unlock($1)', [BACKUP_LOCK_KEY]).catch(() => undefined);
      await runner.release();
    },
  };
}
