import { Client } from 'pg';
import type { BackupDatabase } from './backups.config';

/**
 * Backups use a dedicated read-only role (docs/architecture.md): never a superuser, nor the
 * database's owner. Checked before each database is dumped; a wrong role fails the backup.
 */
export async function assertReadOnlyBackupRole(database: BackupDatabase): Promise<void> {
  const client = new Client({ connectionString: database.url, application_name: 'sargs-backup', connectionTimeoutMillis: 10_000 });
  await client.connect().catch((err: Error) => {
    throw new Error(`backup of ${database.name} failed: cannot connect (${err.message})`);
  });
  try {
    const { rows } = await client.query<{ superuser: boolean; owner: boolean }>(
      `SELECT r.rolsuper AS superuser, pg_has_role(current_user, d.datdba, 'MEMBER') AS owner
         FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()`,
    );
    if (rows[0]?.superuser || rows[0]?.owner) {
      throw new Error(`backup of ${database.name} refused: its BACKUP_DATABASES URL must use the dedicated read-only backup role, not a superuser or the database's owner`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
