import { setTimeout as sleep } from 'node:timers/promises';

export interface OfferedLoad {
  /** Operations started per second over the offering window: what the generator really offered. */
  offeredPerSecond: number;
  /** Operations completed per second, from the first start to the last completion. */
  reachedPerSecond: number;
  /** Operations that failed (a pool's connection timeout, under overload): not counted as reached. */
  failed: number;
}

/**
 * An open-loop load: operation n starts when it is due (n / perSecond after the start), whether or
 * not earlier ones have finished, so a slow system shows up as a lower reached rate, never as a
 * lower offered one. A late timer is caught up at once. Operations run concurrently without a cap:
 * what they wait for (a connection pool, a lock) is part of what is measured.
 */
export async function offerAtRate(perSecond: number, seconds: number, operation: (n: number) => Promise<unknown>): Promise<OfferedLoad> {
  const total = Math.round(perSecond * seconds);
  const intervalMs = 1000 / perSecond;
  const started = performance.now();
  const running: Promise<unknown>[] = [];
  let lastCompleted = started;
  let offered = 0;
  let lastOffered = started;
  let failed = 0;
  while (offered < total) {
    const due = Math.min(total, Math.floor((performance.now() - started) / intervalMs) + 1);
    for (; offered < due; offered++) running.push(operation(offered).then(() => (lastCompleted = performance.now()), () => (failed += 1)));
    lastOffered = performance.now();
    if (offered < total) await sleep(Math.max(0, started + offered * intervalMs - performance.now()));
  }
  await Promise.all(running);
  return {
    // The window ends one interval after the last start: that is when the next one would have been due.
    offeredPerSecond: total / ((lastOffered - started + intervalMs) / 1000),
    reachedPerSecond: (total - failed) / ((lastCompleted - started) / 1000),
    failed,
  };
}
