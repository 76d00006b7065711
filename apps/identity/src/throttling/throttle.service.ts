import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import type { AppConfig } from '../config/app-config';
import { ThrottleCounterRepository } from './throttle-counter.repository';

/**
 * login-pair: one account from one client (the budget that answers 429 before a password check);
 * login-client: one client, whatever account (password spraying); login-account: one account from
 * every client (counted only to tell its owner, never a lock: anyone could trigger it);
 * reauth-account: re-entering the password in a session; mail-recipient: mails per address.
 */
export type ThrottleScope = 'login-pair' | 'login-client' | 'login-account' | 'reauth-account' | 'mfa-account' | 'mail-recipient';

export interface FailurePolicy {
  freeAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  windowMs: number;
}

/** A key with the failure policy it is counted under. */
export interface ThrottleBudget {
  scope: ThrottleScope;
  key: Buffer;
  policy: FailurePolicy;
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
   * Takes one attempt from every budget before the check they guard, so that parallel attempts
   * cannot all pass a look taken before any of them failed: at most `freeAttempts + 1` checks
   * run per run of failures, however many arrive at once. Answers the milliseconds until the
   * longest backoff among them ends when any is in backoff (0: go ahead and check). An attempt
   * refused on one key still counts on the others. With `manager`, inside the caller's transaction:
   * the counter row stays locked until it commits, so parallel attempts queue behind the check.
   */
  async reserve(budgets: ThrottleBudget[], manager?: EntityManager): Promise<number> {
    const taken = await this.counters.reserve(budgets, manager);
    if (taken.length === budgets.length) return 0;
    const rows = await this.counters.backoffs(budgets.map((b) => b.key).filter((key) => !taken.some((t) => t.equals(key))), manager);
    // A backoff that ended between the two statements still refuses this attempt, for a second.
    return Math.max(1, ...rows.map((r) => Number(r.ms ?? 0)));
  }

  /** The check a reservation guarded passed: give the attempt back. */
  async refund(budget: ThrottleBudget): Promise<void> {
    await this.counters.refund(budget);
  }

  /**
   * Counts a failure; past the free attempts each further failure doubles the backoff (capped).
   * A quiet spell of `windowMs` forgets the run. Returns the failures counted in this run.
   */
  async recordFailure(budget: ThrottleBudget): Promise<number> {
    return this.counters.countFailure(budget.scope, budget.key, budget.policy);
  }

  /**
   * A login that passed: forgets the runs of `forget` and gives the client's reserved attempt back,
   * in one statement (the login path's round trips are its cost beside the hash).
   */
  async settle(forget: Buffer[], refund: ThrottleBudget): Promise<void> {
    await this.counters.settle(forget, refund);
  }

  /** Forgets these keys' runs (a login that passed, a password reset). */
  async forget(...keys: Buffer[]): Promise<void> {
    await this.counters.delete(keys);
  }

  /** The same, inside the caller's transaction: the success that earns it and the forgetting commit together. */
  async forgetWith(manager: EntityManager, ...keys: Buffer[]): Promise<void> {
    await this.counters.delete(keys, manager);
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
