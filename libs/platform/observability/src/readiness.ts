import { Gauge } from 'prom-client';
import { metricsRegistry } from './metrics-registry';

/**
 * Something /readyz looks at. A check that gates readiness (the database) takes the app out of
 * its Service when it fails. One that does not (Kafka: the outbox holds events while the broker
 * is away) is reported as a detail and a metric only, so a broker outage delays events instead of
 * taking every service out of rotation.
 */
export interface ReadinessCheck {
  readonly name: string;
  /** Default true. */
  readonly gatesReadiness?: boolean;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'up' | 'down'>;
  /** The gating checks that are down: why the app is not ready. */
  failing: string[];
}

const dependencyUp = new Gauge({
  name: 'sargs_dependency_up',
  help: 'Whether a dependency answered the last readiness probe (1) or not (0)',
  labelNames: ['dependency'],
  registers: [metricsRegistry],
});

/** Runs every check in parallel, each bounded by a timeout so a hung dependency reads as down. */
export async function runReadinessChecks(checks: readonly ReadinessCheck[], timeoutMs = 2000): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      });
      try {
        await Promise.race([c.check(), timeout]);
        return { check: c, state: 'up' as const };
      } catch {
        return { check: c, state: 'down' as const };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  for (const { check, state } of results) dependencyUp.set({ dependency: check.name }, state === 'up' ? 1 : 0);
  const failing = results.filter(({ check, state }) => state === 'down' && check.gatesReadiness !== false).map(({ check }) => check.name);
  return { ready: failing.length === 0, checks: Object.fromEntries(results.map(({ check, state }) => [check.name, state])), failing };
}
