#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory (docker-compose.yml mounts it into
# /docker-entrypoint-initdb.d). For each service: one login role and one database that it owns,
# nothing more (least privilege):
#   - the role cannot create databases or roles, is no superuser and cannot replicate;
#   - only its own role (and the superuser) may connect to a service's database, so no service
#     can read another's data even with its credentials;
#   - it owns its database, so it can run its own migrations there (PostgreSQL 15 no longer
#     lets every role create objects in the public schema).
# Passwords come from <SERVICE>_DB_PASSWORD in the container's environment (from .env), read by
# psql's \getenv so they never appear on a command line.
# Then sargs_backup, the read-only role of retention's backups (docs/architecture.md, "Personal
# data and erasure"): LOGIN, BYPASSRLS (tenant tables are row-level secured; a backup must hold every
# tenant), member of pg_read_all_data (reads every table, writes none) and
# CONNECT on every service database; its password is BACKUP_DB_PASSWORD. `init-databases.sh
# backup-role` creates only that role, for a data volume initialised before backups existed.
set -euo pipefail

services=(identity profile consent notifications retention organizations contacts)

psql_admin() {
  psql --no-psqlrc --set ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres "$@"
}

backup_role() {
  if [[ -z "${BACKUP_DB_PASSWORD:-}" ]]; then
    echo "init-databases: BACKUP_DB_PASSWORD is not set" >&2
    exit 1
  fi
  psql_admin <<'SQL'
\getenv password BACKUP_DB_PASSWORD
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sargs_backup') AS missing \gset
\if :missing
CREATE ROLE sargs_backup LOGIN PASSWORD :'password'
  NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS;
\else
ALTER ROLE sargs_backup LOGIN BYPASSRLS PASSWORD :'password';
\endif
GRANT pg_read_all_data TO sargs_backup;
SQL
  for service in "${services[@]}"; do
    psql_admin --set db="sargs_${service}" <<'SQL'
GRANT CONNECT ON DATABASE :"db" TO sargs_backup;
SQL
  done
  echo "init-databases: created the read-only backup role sargs_backup"
}

if [[ "${1:-}" == backup-role ]]; then
  backup_role
  exit 0
fi

for service in "${services[@]}"; do
  password_var="${service^^}_DB_PASSWORD"
  if [[ -z "${!password_var:-}" ]]; then
    echo "init-databases: ${password_var} is not set" >&2
    exit 1
  fi
  psql_admin --set role="sargs_${service}" --set db="sargs_${service}" --set password_var="${password_var}" <<'SQL'
\getenv password :password_var
CREATE ROLE :"role" LOGIN PASSWORD :'password'
  NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"role";
SQL
  echo "init-databases: created role and database sargs_${service}"
done

backup_role

# Service roles have no business in the maintenance database either.
psql_admin <<'SQL'
REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;
SQL
