import { withDatabase } from './postgres-connection';

/**
 * PostgreSQL's own account of where its time went (pg_stat_statements, loaded by
 * `startEmbeddedPostgres({ statementStats: true })`): every database's top-level statements, their
 * text normalised by the server (constants become $n, so no value a statement carried is kept).
 */
export interface StatementStat {
  database: string;
  role: string;
  calls: number;
  /** Execution time, all calls (planning apart). */
  execMs: number;
  /** Planning time, all calls (an unnamed statement is planned on every call). */
  planMs: number;
  rows: number;
  query: string;
}

/** One statement per (database, role, statement shape), as pg_stat_statements keys them. */
const statementKey = (s: Pick<StatementStat, 'database' | 'role' | 'query'>): string => `${s.database}\u0000${s.role}\u0000${s.query}`;

const SELECT_STATS = `SELECT d.datname AS database, r.rolname AS role, s.calls::float8 AS calls, s.total_exec_time AS exec_ms,
    s.total_plan_time AS plan_ms, s.rows::float8 AS rows, s.query
  FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid JOIN pg_roles r ON r.oid = s.userid`;

/** Creates the view in the server's `postgres` database (the superuser's URL); the counts cover every database. */
export function enableStatementStats(serverUrl: string): Promise<void> {
  return withDatabase(serverUrl, async (pg) => {
    await pg.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  });
}

export function resetStatementStats(serverUrl: string): Promise<void> {
  return withDatabase(serverUrl, async (pg) => {
    await pg.query('SELECT pg_stat_statements_reset()');
  });
}

/** Every statement counted since the last reset (the reading itself excluded). */
export function readStatementStats(serverUrl: string): Promise<StatementStat[]> {
  return withDatabase(serverUrl, async (pg) => {
    const { rows } = await pg.query<{ database: string; role: string; calls: number; exec_ms: number; plan_ms: number; rows: number; query: string }>(
      `${SELECT_STATS} WHERE s.query NOT LIKE '%FROM pg_stat_statements s JOIN pg_database%'`,
    );
    return rows.map((r) => ({ database: r.database, role: r.role, calls: r.calls, execMs: r.exec_ms, planMs: r.plan_ms, rows: r.rows, query: r.query }));
  });
}

/** What ran between two readings: calls and times of each statement in `after` less its count in `before`. */
export function statementsBetween(before: readonly StatementStat[], after: readonly StatementStat[]): StatementStat[] {
  const earlier = new Map(before.map((s) => [statementKey(s), s]));
  return after
    .map((s) => {
      const e = earlier.get(statementKey(s));
      return e ? { ...s, calls: s.calls - e.calls, execMs: s.execMs - e.execMs, planMs: s.planMs - e.planMs, rows: s.rows - e.rows } : s;
    })
    .filter((s) => s.calls > 0);
}
