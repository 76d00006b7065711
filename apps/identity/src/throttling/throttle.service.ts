import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { ThrottleCounterRepository } from './throttle-counter.repository';

export type ThrottleScope = 'login-account' | 'login-client' | 'mail-recipient';

export interface FailurePolicy {
  freeAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  windowMs: number;
}

/**
 * Failure backoff and fixed-window quotas on counters in identity's database
 * (ThrottleCounterRepository), so the limits hold however many identity instances run. Keys
 * are HMACs: the table never holds an address in clear.
 */
@Injectable()
export class ThrottleService {
  private readonly hmacKey: Buffer;

  constructor(
    private readonly counters: ThrottleCounterRepository,
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
    const rows = await this.counters.backoffs(keys);
    const waitMs = Math.max(0, ...rows.map((r) => Number(r.ms ?? 0)));
    return { waitMs, counted: keys.map((k) => rows.some((r) => r.key.equals(k))) };
  }

  /**
   * Counts a failure; past the free attempts each further failure doubles the backoff (capped).
   * A quiet spell of `windowMs` forgets the run. Returns the failures counted in this run.
   */
  async recordFailure(scope: ThrottleScope, key: Buffer, policy: FailurePolicy): Promise<number> {
    return this.counters.countFailure(scope, key, policy);
  }

  async clear(key: Buffer): Promise<void> {
    await this.counters.delete(key);
  }

  /** Takes one unit of a fixed-window quota inside the caller's transaction; false when spent. */
  async consume(manager: EntityManager, scope: ThrottleScope, key: Buffer, limit: number, windowMs: number): Promise<boolean> {
    return (await this.counters.countUse(manager, scope, key, windowMs)) <= limit;
  }

  /** Forgets counters whose window and backoff are over (R21: throttling data is kept briefly). */
  async purge(olderThanMs: number): Promise<number> {
    return this.counters.deleteQuiet(olderThanMs);
  }
}
