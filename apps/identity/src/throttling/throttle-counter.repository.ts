import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FailurePolicy, ThrottleBudget, ThrottleScope } from './throttle.service';

/** Gives back one reserved attempt on key $1; the backoff ends if the count is within the $2 free attempts again. */
const REFUND_SQL = `UPDATE throttle_counter SET count = greatest(count - 1, 0),
         locked_until = CASE WHEN count - 1 > $2 THEN locked_until END
   WHERE key = $1`;

/**
 * Every statement on throttle_counter. Each change is a single atomic statement, so the limits
 * hold however many identity instances run.
 */
@Injectable()
export class ThrottleCounterRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The keys that have a counter, each with the milliseconds left of its backoff (null: none). */
  async backoffs(keys: Buffer[], manager: EntityManager = this.dataSource.manager): Promise<{ key: Buffer; ms: string | null }[]> {
    return manager.query(`SELECT key, ceil(extract(epoch FROM locked_until - now()) * 1000) AS ms FROM throttle_counter WHERE key = ANY($1)`, [keys]);
  }

  /**
   * Counts a failure whatever the key's state; past the free attempts each further failure doubles
   * the backoff (capped). A quiet spell of `windowMs` forgets the run. The failures in this run.
   */
  async countFailure(scope: ThrottleScope, key: Buffer, policy: FailurePolicy): Promise<number> {
    const params: unknown[] = [];
    const rows: { count: number }[] = await this.dataSource.query(`${failureUpsert(params, { scope, key, policy }, false)} RETURNING t.count`, params);
    return Number(rows[0].count);
  }

  /**
   * Takes one attempt from each budget whose key is not in backoff, all in one statement (each
   * key's row is locked while it counts, so parallel attempts queue here, not after the check).
   * The keys that were in backoff are left as they were and are not in the answer.
   */
  async reserve(budgets: ThrottleBudget[], manager: EntityManager = this.dataSource.manager): Promise<Buffer[]> {
    const params: unknown[] = [];
    const steps = budgets.map((budget, i) => `r${i} AS (${failureUpsert(params, budget, true)} RETURNING t.key)`);
    const rows: { key: Buffer }[] = await manager.query(`WITH ${steps.join(', ')} ${budgets.map((_, i) => `SELECT key FROM r${i}`).join(' UNION ALL ')}`, params);
    return rows.map((r) => r.key);
  }

  /** Gives back one reserved attempt (the check passed); the backoff ends if the count is free again. */
  async refund(budget: ThrottleBudget): Promise<void> {
    await this.dataSource.query(REFUND_SQL, [budget.key, budget.policy.freeAttempts]);
  }

  /**
   * A check that passed, in one statement: forgets the runs of `forget` and gives `refund` its
   * reserved attempt back, as `delete` and `refund` would one after the other. The keys are
   * scoped, so the two parts never touch the same row (a CTE's parts share one snapshot).
   */
  async settle(forget: Buffer[], refund: ThrottleBudget): Promise<void> {
    await this.dataSource.query(`WITH forgotten AS (DELETE FROM throttle_counter WHERE key = ANY($3)) ${REFUND_SQL}`, [
      refund.key,
      refund.policy.freeAttempts,
      forget,
    ]);
  }

  async delete(keys: Buffer[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query('DELETE FROM throttle_counter WHERE key = ANY($1)', [keys]);
  }

  /** Counts one use in a fixed window inside the caller's transaction; the uses in the window so far. */
  async countUse(manager: EntityManager, scope: ThrottleScope, key: Buffer, windowMs: number): Promise<number> {
    const rows: { count: number }[] = await manager.query(
      `INSERT INTO throttle_counter AS t (key, scope, count, window_started_at, updated_at)
       VALUES ($1, $2, 1, now(), now())
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN t.window_started_at < now() - $3 * interval '1 millisecond' THEN 1 ELSE t.count + 1 END,
         window_started_at = CASE WHEN t.window_started_at < now() - $3 * interval '1 millisecond' THEN now() ELSE t.window_started_at END,
         updated_at = now()
       RETURNING count`,
      [key, scope, windowMs],
    );
    return rows[0].count;
  }

  /** Deletes counters quiet for `olderThanMs` whose backoff is over; how many. */
  async deleteQuiet(olderThanMs: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM throttle_counter WHERE updated_at < now() - $1 * interval '1 millisecond' AND (locked_until IS NULL OR locked_until < now())`,
      [olderThanMs],
    );
    return result[1];
  }
}

/**
 * One failure counted on a key: a new key starts a run at 1; a key quiet for the policy's window
 * starts again at 1; past the free attempts the backoff doubles with each failure, up to its cap.
 * `guarded`: a key in backoff is left alone (the conflict update's WHERE), and returns no row.
 * Adds its parameters to `params`.
 */
function failureUpsert(params: unknown[], { scope, key, policy }: ThrottleBudget, guarded: boolean): string {
  const at = (value: unknown, cast: string) => `$${params.push(value)}::${cast}`;
  const [k, sc, free, windowMs, base, max] = [at(key, 'bytea'), at(scope, 'varchar'), at(policy.freeAttempts, 'int'), at(policy.windowMs, 'float8'), at(policy.backoffBaseMs, 'float8'), at(policy.backoffMaxMs, 'float8')];
  const next = `(CASE WHEN t.updated_at < now() - ${windowMs} * interval '1 millisecond' THEN 1 ELSE t.count + 1 END)`;
  const lockAfter = (count: string) => `CASE WHEN ${count} > ${free} THEN now() + least(${max}, ${base} * power(2, ${count} - ${free} - 1)) * interval '1 millisecond' END`;
  return `INSERT INTO throttle_counter AS t (key, scope, count, window_started_at, updated_at, locked_until)
       VALUES (${k}, ${sc}, 1, now(), now(), ${lockAfter('1')})
       ON CONFLICT (key) DO UPDATE SET
         count = ${next},
         window_started_at = CASE WHEN t.updated_at < now() - ${windowMs} * interval '1 millisecond' THEN now() ELSE t.window_started_at END,
         updated_at = now(),
         locked_until = ${lockAfter(next)}
       ${guarded ? 'WHERE t.locked_until IS NULL OR t.locked_until <= now()' : ''}`;
}
