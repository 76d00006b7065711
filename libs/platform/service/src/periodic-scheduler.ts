import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { PeriodicTask } from './periodic-task';
import { PERIODIC_METADATA, type PeriodicOptions } from './periodic.decorator';
import type { ServiceConfig } from './service-config';

/** The config the service booted with; `@Periodic` intervals are read from it. */
export const PERIODIC_CONFIG = Symbol('PERIODIC_CONFIG');

/**
 * Runs every `@Periodic` method of the app's providers (found by discovery): starts them when the
 * app is up (onApplicationBootstrap, after the migrations) and stops them before shutdown (each
 * stop waits for its run in flight), while the database is still open.
 */
@Injectable()
export class PeriodicScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private tasks: { task: PeriodicTask; runAtStart: boolean }[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(PERIODIC_CONFIG) private readonly config: ServiceConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** The jobs found, by name (for tests and logs). */
  get names(): string[] {
    return this.tasks.map(({ task }) => task.name);
  }

  onApplicationBootstrap(): void {
    this.tasks = this.discover();
    for (const { task, runAtStart } of this.tasks) task.start({ runNow: runAtStart });
    if (this.tasks.length > 0) this.logger.info({ jobs: this.names }, 'periodic jobs started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.tasks.map(({ task }) => task.stop()));
  }

  private discover(): { task: PeriodicTask; runAtStart: boolean }[] {
    const seen = new Set<object>();
    const found: { task: PeriodicTask; runAtStart: boolean }[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!wrapper.isDependencyTreeStatic() || typeof instance !== 'object' || instance === null || seen.has(instance)) continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype) continue;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const run = (instance as Record<string, unknown>)[method];
        if (typeof run !== 'function') continue;
        const options = this.reflector.get<PeriodicOptions | undefined>(PERIODIC_METADATA, run as () => unknown);
        if (!options) continue;
        const every = typeof options.every === 'function' ? options.every(this.config) : options.every;
        if (!Number.isInteger(every) || every <= 0) throw new Error(`@Periodic ${options.name}: the interval must be a positive number of milliseconds, not ${every}`);
        found.push({ task: new PeriodicTask(options.name, every, () => Promise.resolve(run.call(instance)), this.logger), runAtStart: options.runAtStart ?? false });
      }
    }
    return found;
  }
}

/** The scheduler and the config it reads intervals from (SargsServiceModule; DiscoveryModule must be imported). */
export function periodicSchedulerProviders(config: ServiceConfig): Provider[] {
  return [{ provide: PERIODIC_CONFIG, useValue: config }, PeriodicScheduler];
}
