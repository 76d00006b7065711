import { randomBytes } from 'node:crypto';
import { withDatabase } from '@sargs/devstack';
import type { Client } from 'pg';
import { TEST_STACK_ENV } from './test-stack';

/** The one way a test opens a connection for a moment (the same as the local stack's). */
export { withDatabase };

export interface TestDatabase {
  name: string;
  /** Superuser URL of the fresh database. */
  url: string;
  /** Drops it, ending any connection still open. */
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env[TEST_STACK_ENV.pgServerUrl];
  if (!url) throw new Error(`${TEST_STACK_ENV.pgServerUrl} is not set: run integration tests through jest (its global setup starts PostgreSQL)`);
  return url;
}

const onServer = <T>(work: (client: Client) => Promise<T>): Promise<T> => withDatabase(serverUrl(), work);

/** A database of its own for one test file, on the shared test server, with a unique name. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const stem = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 40);
  const name = `t_${stem}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => onServer((client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

export interface TestReadOnlyRole {
  name: string;
  /** The URL of `database` (a TestDatabase's url) with this role's credentials instead of the superuser's. */
  urlFor(databaseUrl: string): string;
  drop(): Promise<void>;
}

/**
 * A LOGIN role of its own with `pg_read_all_data` and BYPASSRLS (read everything, every tenant's
 * row-level secured rows included; write nothing), like the local stack's `sargs_backup`: what
 * retention's backups connect with. Drop it after the databases it reads.
 */
export async function createReadOnlyRole(prefix: string): Promise<TestReadOnlyRole> {
  const stem = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 30);
  const name = `t_${stem}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('hex');
  await onServer(async (client) => {
    await client.query(`CREATE ROLE ${client.escapeIdentifier(name)} LOGIN BYPASSRLS PASSWORD ${client.escapeLiteral(password)}`);
    await client.query(`GRANT pg_read_all_data TO ${client.escapeIdentifier(name)}`);
  });
  return {
    name,
    urlFor: (databaseUrl) => {
      const url = new URL(databaseUrl);
      url.username = name;
      url.password = password;
      return url.toString();
    },
    drop: () => onServer((client) => client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(name)}`)).then(() => undefined),
  };
}

export interface TestOwnerRole {
  name: string;
  /** The database's URL with this role's credentials: what the service logs in with. */
  url: string;
  /** Drop it after its database (a role that owns a database cannot be dropped). */
  drop(): Promise<void>;
}

/**
 * A LOGIN role of its own that owns `db`, like the local stack's `sargs_<service>` role: no
 * SUPERUSER, no BYPASSRLS, so row-level security binds it (forced, for the tables it owns once it
 * has run the migrations). A superuser passes every policy, which would make an isolation test
 * prove nothing. PostgreSQL 15's `public` schema belongs to the database's owner, so it may create
 * tables there.
 */
export async function createOwnerRole(db: TestDatabase, prefix: string): Promise<TestOwnerRole> {
  const stem = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 30);
  const name = `t_${stem}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('hex');
  await onServer(async (client) => {
    const role = client.escapeIdentifier(name);
    await client.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${client.escapeLiteral(password)}`);
    await client.query(`ALTER DATABASE ${client.escapeIdentifier(db.name)} OWNER TO ${role}`);
  });
  const url = new URL(db.url);
  url.username = name;
  url.password = password;
  return {
    name,
    url: url.toString(),
    drop: () => onServer((client) => client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(name)}`)).then(() => undefined),
  };
}
