import type { Logger } from '@sargs/platform/observability';

/**
 * The engine behind `@Periodic` (PeriodicScheduler): a job that runs every `intervalMs` (purges,
 * sweeps, checks), never two runs at once, a failure is logged and the next interval tries again,
 * and stop() waits for a run in flight. Services declare `@Periodic` methods; they never use this.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start({ runNow = false } = {}): void {
    this.timer ??= setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
    if (runNow) void this.runOnce();
  }

  /** One run now; when one is already in flight, that one. */
  runOnce(): Promise<void> {
    this.running ??= Promise.resolve()
      .then(this.work)
      .then(
        () => undefined,
        (err: Error) => this.logger.warn({ err: { message: err.message } }, `${this.name} failed; it runs again at the next interval`),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
