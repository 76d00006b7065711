import { withDatabase } from './postgres-connection';

/** Errors of a concurrent creator that got there first; the end state is what we wanted. */
const ALREADY_EXISTS = new Set(['42710', '42P04', '23505']);

async function tolerateRace(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (!ALREADY_EXISTS.has((err as { code?: string }).code ?? '')) throw err;
  }
}

/** The URL the service logs in with: the server's host and options, its own role and database. */
export function serviceDatabaseUrl(serverUrl: string, name: string, password: string): string {
  const url = new URL(serverUrl);
  url.username = name;
  url.password = encodeURIComponent(password);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Gives `service` its own login role and database `sargs_<service>` on the server (idempotent),
 * and returns the service's DATABASE_URL. No other role may connect to it (least privilege).
 * `serverUrl` needs a superuser, or a role with CREATEROLE and CREATEDB.
 */
export async function ensureServiceDatabase(serverUrl: string, service: string, password: string): Promise<string> {
  if (!/^[a-z][a-z0-9_]*$/.test(service)) throw new Error(`"${service}" is not a valid service name for a database`);
  const name = `sargs_${service}`;
  await withDatabase(serverUrl, async (client) => {
    const role = client.escapeIdentifier(name);
    const secret = client.escapeLiteral(password);
    const roleExists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount === 1;
    // The password is set on every start, so the dev secrets file stays the one truth.
    if (roleExists) await client.query(`ALTER ROLE ${role} WITH LOGIN PASSWORD ${secret}`);
    else await tolerateRace(() => client.query(`CREATE ROLE ${role} WITH LOGIN PASSWORD ${secret}`));

    const { rows } = await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    // A non-superuser may only create a database for a role it is a member of.
    if (!rows[0]?.rolsuper) await client.query(`GRANT ${role} TO CURRENT_USER`);

    const dbExists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    // CREATE DATABASE cannot run inside a transaction block, so each statement runs on its own.
    if (!dbExists) await tolerateRace(() => client.query(`CREATE DATABASE ${role} OWNER ${role}`));
    else await client.query(`ALTER DATABASE ${role} OWNER TO ${role}`);
    await client.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${role} FROM PUBLIC`);
  });
  return serviceDatabaseUrl(serverUrl, name, password);
}

/** The read-only role retention's backups use on every service database (docs/architecture.md, "Personal data and erasure"). */
export const BACKUP_ROLE = 'sargs_backup';

/** The backup role's URL for one service's database: the server's host and options, that database. */
export function backupDatabaseUrl(serverUrl: string, service: string, password: string): string {
  const url = new URL(serverUrl);
  url.username = BACKUP_ROLE;
  url.password = encodeURIComponent(password);
  url.pathname = `/sargs_${service}`;
  return url.toString();
}

/**
 * The backup role (idempotent): LOGIN, member of `pg_read_all_data` (PostgreSQL 14+: SELECT on
 * every table and sequence, USAGE on every schema; no writes), CONNECT on each service database
 * (their CONNECT is revoked from PUBLIC). Never a service's own role: a backup cannot change data.
 * BYPASSRLS: tenant tables are row-level secured (docs/tenancy.md), and a backup must hold every
 * organisation's rows; the attribute lets it read past the policies, never write.
 */
export async function ensureBackupRole(serverUrl: string, services: readonly string[], password: string): Promise<void> {
  await withDatabase(serverUrl, async (client) => {
    const role = client.escapeIdentifier(BACKUP_ROLE);
    const secret = client.escapeLiteral(password);
    const roleExists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [BACKUP_ROLE])).rowCount === 1;
    const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS';
    if (roleExists) await client.query(`ALTER ROLE ${role} WITH ${attributes} PASSWORD ${secret}`);
    else await tolerateRace(() => client.query(`CREATE ROLE ${role} WITH ${attributes} PASSWORD ${secret}`));
    await client.query(`GRANT pg_read_all_data TO ${role}`);
    for (const service of services) await client.query(`GRANT CONNECT ON DATABASE ${client.escapeIdentifier(`sargs_${service}`)} TO ${role}`);
  });
}
