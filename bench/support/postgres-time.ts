import type { StatementStat } from '@sargs/devstack';
import { round } from './percentile';

/** A statement's part of the server's time in a scenario. */
export interface StatementTime {
  /** The service's database (the bench's run-specific name without its run id). */
  database: string;
  role: string;
  calls: number;
  /** Planning and execution, all calls. */
  totalMs: number;
  meanExecMs: number;
  meanPlanMs: number;
  /** Share of all statements' planning and execution in the scenario. */
  sharePercent: number;
  query: string;
}

/** `t_bench_contacts_15525_45fcffe9` → `bench_contacts`: names differ per run, the service does not. */
const withoutRunId = (name: string) => name.replace(/^t_(.+)_\d+_[0-9a-f]{8}$/u, '$1');

const serverMs = (s: StatementStat) => s.execMs + s.planMs;

/** The statements that took most of PostgreSQL's time, largest first. */
export function statementTimes(stats: readonly StatementStat[], limit: number): StatementTime[] {
  const all = stats.reduce((sum, s) => sum + serverMs(s), 0);
  return [...stats]
    .sort((a, b) => serverMs(b) - serverMs(a))
    .slice(0, limit)
    .map((s) => ({
      database: withoutRunId(s.database),
      role: withoutRunId(s.role),
      calls: s.calls,
      totalMs: round(serverMs(s)),
      meanExecMs: round(s.execMs / s.calls, 4),
      meanPlanMs: round(s.planMs / s.calls, 4),
      sharePercent: round(all > 0 ? (serverMs(s) / all) * 100 : 0),
      query: s.query.replace(/\s+/gu, ' ').trim(),
    }));
}

/** One line per statement for the run's log. */
export function describeStatementTimes(times: readonly StatementTime[]): string[] {
  return times.map(
    (t) =>
      `${t.sharePercent.toFixed(1).padStart(5)} %  ${String(t.calls).padStart(8)} calls  exec ${t.meanExecMs.toFixed(3)} + plan ${t.meanPlanMs.toFixed(3)} ms  ${t.database}: ${t.query.slice(0, 110)}`,
  );
}
