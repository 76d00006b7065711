import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FailurePolicy, ThrottleScope } from './throttle.service';

/**
 * Every statement on throttle_counter. Each change is a single atomic statement, so the limits
 * hold however many identity instances run.
 */
@Injectable()
export class ThrottleCounterRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The keys that have a counter, each with the milliseconds left of its backoff (null: none). */
  async backoffs(keys: Buffer[]): Promise<{ key: Buffer; ms: string | null }[]> {
    return this.dataSource.query(`SELECT key, ceil(extract(epoch FROM locked_until - now()) * 1000) AS ms FROM throttle_counter WHERE key = ANY($1)`, [keys]);
  }

  /**
   * Counts a failure; past the free attempts each further failure doubles the backoff (capped).
   * A quiet spell of `windowMs` forgets the run. Returns the failures counted in this run.
   */
  async countFailure(scope: ThrottleScope, key: Buffer, policy: FailurePolicy): Promise<number> {
    const rows: { count: number }[] = await this.dataSource.query(
      `WITH next AS (
         SELECT CASE WHEN c.key IS NULL OR c.updated_at < now() - $4 * interval '1 millisecond' THEN 1 ELSE c.count + 1 END AS count
           FROM (SELECT 1) one LEFT JOIN throttle_counter c ON c.key = $1
       )
       INSERT INTO throttle_counter AS t (key, scope, count, window_started_at, updated_at, locked_until)
       SELECT $1, $2, next.count, now(), now(),
              CASE WHEN next.count > $3 THEN now() + least($6::float8, $5::float8 * power(2, next.count - $3 - 1)) * interval '1 millisecond' END
         FROM next
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN t.updated_at < now() - $4 * interval '1 millisecond' THEN 1 ELSE t.count + 1 END,
         window_started_at = CASE WHEN t.updated_at < now() - $4 * interval '1 millisecond' THEN now() ELSE t.window_started_at END,
         updated_at = now(),
         locked_until = CASE
           WHEN (CASE WHEN t.updated_at < now() - $4 * interval '1 millisecond' THEN 1 ELSE t.count + 1 END) > $3
           THEN now() + least($6::float8, $5::float8 * power(2, (CASE WHEN t.updated_at < now() - $4 * interval '1 millisecond' THEN 1 ELSE t.count + 1 END) - $3 - 1)) * interval '1 millisecond'
         END
       RETURNING t.count`,
      [key, scope, policy.freeAttempts, policy.windowMs, policy.backoffBaseMs, policy.backoffMaxMs],
    );
    return Number(rows[0].count);
  }

  async delete(key: Buffer): Promise<void> {
    await this.dataSource.query('DELETE FROM throttle_counter WHERE key = $1', [key]);
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
