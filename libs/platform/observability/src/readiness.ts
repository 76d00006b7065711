/** Something /readyz must see working: the database, the Kafka cluster. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'up' | 'down'>;
}

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
        return [c.name, 'up'] as const;
      } catch {
        return [c.name, 'down'] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: results.every(([, s]) => s === 'up'), checks: Object.fromEntries(results) };
}
