import { Client } from 'pg';
import type { BackupDatabase } from './backups.config';

/** Built-in roles a backup role may belong to: they read, or show statistics, and write nothing. */
const READ_ONLY_ROLES = ['pg_read_all_data', 'pg_monitor', 'pg_read_all_settings', 'pg_read_all_stats', 'pg_stat_scan_tables'];

/** What the role may do beyond reading, as short reasons (role and privilege names, never data). */
const WRITE_RIGHTS_SQL = `
  WITH RECURSIVE member_of(oid) AS (
    SELECT m.roleid FROM pg_auth_members m WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = current_user)
    UNION SELECT m.roleid FROM pg_auth_members m JOIN member_of ON m.member = member_of.oid
  ),
  user_schemas AS (
    SELECT oid, nspname, nspowner FROM pg_namespace
     WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%'
  ),
  me AS (SELECT * FROM pg_roles WHERE rolname = current_user)
  SELECT
    me.rolsuper AS superuser, me.rolcreaterole AS createrole, me.rolcreatedb AS createdb, me.rolbypassrls AS bypassrls,
    pg_has_role(current_user, 'pg_read_all_data', 'USAGE') AS reads_all,
    pg_has_role(current_user, d.datdba, 'MEMBER') AS database_owner,
    has_database_privilege(current_database(), 'CREATE') AS creates_schemas,
    (SELECT coalesce(array_agg(r.rolname::text ORDER BY r.rolname), '{}'::text[]) FROM member_of JOIN pg_roles r ON r.oid = member_of.oid WHERE r.rolname <> ALL ($1::text[])) AS other_roles,
    (SELECT count(*) FROM pg_class c JOIN user_schemas n ON n.oid = c.relnamespace WHERE c.relowner = me.oid)
      + (SELECT count(*) FROM user_schemas WHERE nspowner = me.oid) AS owned,
    (SELECT count(*) FROM pg_class c JOIN user_schemas n ON n.oid = c.relnamespace
      WHERE (c.relkind IN ('r', 'p', 'v', 'f') AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE'))
         OR (c.relkind = 'S' AND has_sequence_privilege(c.oid, 'UPDATE'))) AS writable,
    (SELECT count(*) FROM user_schemas WHERE has_schema_privilege(oid, 'CREATE')) AS schemas_creatable
  FROM me, pg_database d WHERE d.datname = current_database()`;

interface RoleRights {
  superuser: boolean;
  createrole: boolean;
  createdb: boolean;
  bypassrls: boolean;
  reads_all: boolean;
  database_owner: boolean;
  creates_schemas: boolean;
  other_roles: string[];
  owned: string;
  writable: string;
  schemas_creatable: string;
}

/** Why the role is not a read-only backup role (read-only by membership, reading past row-level security); empty when it is. */
export function writeRightsOf(rights: RoleRights): string[] {
  const reasons: string[] = [];
  if (rights.superuser) reasons.push('a superuser');
  if (rights.createrole) reasons.push('CREATEROLE');
  if (rights.createdb) reasons.push('CREATEDB');
  if (!rights.reads_all) reasons.push('not a member of pg_read_all_data');
  // Reading past row-level security is what a backup needs (every tenant's rows); it grants no write.
  if (!rights.bypassrls) reasons.push('without BYPASSRLS (row-level secured tenant tables would not be dumped whole)');
  if (rights.database_owner) reasons.push("the database's owner");
  if (rights.other_roles.length > 0) reasons.push(`a member of ${rights.other_roles.join(', ')}`);
  if (Number(rights.owned) > 0) reasons.push(`the owner of ${rights.owned} object(s)`);
  if (Number(rights.writable) > 0) reasons.push(`allowed to write ${rights.writable} table(s) or sequence(s)`);
  if (rights.creates_schemas || Number(rights.schemas_creatable) > 0) reasons.push('allowed to create objects');
  return reasons;
}

/**
 * Backups use a dedicated role that is read-only by membership (docs/retention.md, "Backups and
 * restore"): a member of `pg_read_all_data` (and of no role but the built-in read-only ones),
 * owning nothing, with no write privilege on any table or sequence and no right to create, and
 * no superuser, CREATEROLE or CREATEDB. It has BYPASSRLS, so tenant tables (row-level security,
 * forced) are dumped with every organisation's rows (docs/tenancy.md, "Backups"); that attribute
 * reads past policies and writes nothing. Checked before each database is dumped; a role with any
 * other right, or without BYPASSRLS, fails the backup, naming why (never data).
 */
export async function assertReadOnlyBackupRole(database: BackupDatabase): Promise<void> {
  const client = new Client({ connectionString: database.url, application_name: 'sargs-backup', connectionTimeoutMillis: 10_000 });
  await client.connect().catch((err: Error) => {
    throw new Error(`backup of ${database.name} failed: cannot connect (${err.message})`);
  });
  try {
    const { rows } = await client.query<RoleRights>(WRITE_RIGHTS_SQL, [READ_ONLY_ROLES]);
    const reasons = rows[0] ? writeRightsOf(rows[0]) : ['unknown to the server'];
    if (reasons.length > 0) {
      throw new Error(
        `backup of ${database.name} refused: its BACKUP_DATABASES URL must use the dedicated read-only backup role (a member of pg_read_all_data with BYPASSRLS that may write nothing); this role is ${reasons.join('; ')}`,
      );
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
