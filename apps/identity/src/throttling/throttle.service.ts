import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { SERVICE_CONFIG } from '@sargs/platform/service';

export type ThrottleScope = 'login-account' | 'login-client' | 'mail-recipient';

export interface FailurePolicy {
  freeAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  windowMs: number;
}

/**
 * Counters in identity's database, updated by single atomic statements, so the limits hold
 * however many identity (and gateway) instances run. Keys are HMACs: the table never holds an
 * address in clear.
 */
@Injectable()
export class ThrottleService {
  private readonly hmacKey: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: AppConfig,
  ) {
    this.hmacKey = createHmac('sha256', config.PSEUDONYM_KEY).update('sargs-identity-throttle').digest();
  }

  key(scope: ThrottleScope, value: string): Buffer {
    return createHmac('sha256', this.hmacKey).update(`${scope}\u0000${value}`).digest();
  }

  /**
   * One look at these keys: milliseconds until the longest backoff among them ends (0 when none
   * is locked), and which of them have a counter at all (so a success clears only what exists).
   */
  async inspect(keys: Buffer[]): Promise<{ waitMs: number; counted: boolean[] }> {
    const rows: { key: Buffer; ms: string | null }[] = await this.dataSource.query(
      `SELECT key, ceil(extract(epoch FROM locked_until - now()) * 1000) AS ms FROM throttle_counter WHERE key = ANY($1)`,
      [keys],
    );
    const waitMs = Math.max(0, ...rows.map((r) => Number(r.ms ?? 0)));
    return { waitMs, counted: keys.map((k) => rows.some((r) => r.key.equals(k))) };
  }

  /**
   * Counts a failure; past the free attempts each further failure doubles the backoff (capped).
   * A quiet spell of `windowMs` forgets the run. Returns the failures counted in this run.
   */
  async recordFailure(scope: ThrottleScope, key: Buffer, policy: FailurePolicy): Promise<number> {
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

  async clear(key: Buffer): Promise<void> {
    await this.dataSource.query('DELETE FROM throttle_counter WHERE key = $1', [key]);
  }

  /** Takes one unit of a fixed-window quota inside the caller's transaction; false when spent. */
  async consume(manager: EntityManager, scope: ThrottleScope, key: Buffer, limit: number, windowMs: number): Promise<boolean> {
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
    return rows[0].count <= limit;
  }

  /** Forgets counters whose window and backoff are over (R21: throttling data is kept briefly). */
  async purge(olderThanMs: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM throttle_counter WHERE updated_at < now() - $1 * interval '1 millisecond' AND (locked_until IS NULL OR locked_until < now())`,
      [olderThanMs],
    );
    return result[1];
  }
}
