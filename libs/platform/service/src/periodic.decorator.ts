import { SetMetadata } from '@nestjs/common';
import type { ServiceConfig } from './service-config';

export const PERIODIC_METADATA = 'sargs:periodic';

/** How a `@Periodic` method runs. `C` is the service's typed config (its AppConfig). */
export interface PeriodicOptions<C = ServiceConfig> {
  /** Names the job in logs: "<name> failed; it runs again at the next interval". */
  name: string;
  /** Milliseconds between runs: a constant, or read from the config the service booted with. */
  every: number | ((config: C) => number);
  /** Also run once as soon as the app is up, instead of waiting a first interval. */
  runAtStart?: boolean;
}

/**
 * Marks a provider's method as a job the scheduler (PeriodicScheduler) runs every interval while
 * the app is up: never two runs at once, a failure logged (the next interval tries again), and
 * shutdown waits for a run in flight. The provider is a `*.task.ts`; the method takes no arguments.
 *
 *   @Periodic<AppConfig>({ name: 'export sweep', every: (config) => config.EXPORT_SWEEP_INTERVAL_MS })
 *   sweep() { return this.exports.sweep(); }
 */
export const Periodic = <C = ServiceConfig>(options: PeriodicOptions<C>): MethodDecorator => SetMetadata(PERIODIC_METADATA, options);
