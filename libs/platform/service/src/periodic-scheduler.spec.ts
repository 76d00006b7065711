import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { PeriodicScheduler, periodicSchedulerProviders } from './periodic-scheduler';
import { Periodic } from './periodic.decorator';
import type { ServiceConfig } from './service-config';

interface TestConfig extends ServiceConfig {
  SWEEP_MS: number;
}

const runs = { sweep: 0, check: 0 };
let release: () => void = () => undefined;
let sweepWork: () => Promise<void> = async () => undefined;

@Injectable()
class SweepTask {
  @Periodic<TestConfig>({ name: 'test sweep', every: (config) => config.SWEEP_MS })
  sweep(): Promise<void> {
    runs.sweep += 1;
    return sweepWork();
  }

  /** Not decorated: never scheduled. */
  helper(): void {
    throw new Error('not a job');
  }
}

@Injectable()
class CheckTask {
  @Periodic({ name: 'test check', every: 5000, runAtStart: true })
  check(): void {
    runs.check += 1;
  }
}

async function boot(warn = jest.fn()) {
  const logger = { warn, info: jest.fn(), error: jest.fn(), debug: jest.fn() } as unknown as Logger;
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [...periodicSchedulerProviders({ SWEEP_MS: 1000 } as TestConfig), { provide: APP_LOGGER, useValue: logger }, SweepTask, CheckTask],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return { app, warn, scheduler: app.get(PeriodicScheduler) };
}

describe('PeriodicScheduler and @Periodic', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    runs.sweep = 0;
    runs.check = 0;
    sweepWork = async () => undefined;
  });
  afterEach(() => jest.useRealTimers());

  it('finds every @Periodic method and runs it every interval (from the config or constant), at start only when asked, until shutdown', async () => {
    const { app, scheduler } = await boot();
    expect(scheduler.names.sort()).toEqual(['test check', 'test sweep']);
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toEqual({ sweep: 0, check: 1 });
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual({ sweep: 1, check: 1 });
    await jest.advanceTimersByTimeAsync(4000);
    expect(runs).toEqual({ sweep: 5, check: 2 });
    await app.close();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(runs).toEqual({ sweep: 5, check: 2 });
  });

  it('never runs a job twice at once, and logs a failure by the job name without stopping', async () => {
    const { app, warn } = await boot();
    sweepWork = () => new Promise<void>((resolve) => (release = resolve));
    await jest.advanceTimersByTimeAsync(1000);
    await jest.advanceTimersByTimeAsync(2000);
    expect(runs.sweep).toBe(1);
    sweepWork = () => Promise.reject(new Error('db down'));
    release();
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs.sweep).toBe(2);
    expect(warn).toHaveBeenCalledWith({ err: { message: 'db down' } }, 'test sweep failed; it runs again at the next interval');
    sweepWork = async () => undefined;
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs.sweep).toBe(3);
    await app.close();
  });

  it('shutdown waits for a run in flight', async () => {
    const { app } = await boot();
    let done = false;
    sweepWork = () => new Promise<void>((resolve) => setTimeout(() => ((done = true), resolve()), 500));
    await jest.advanceTimersByTimeAsync(1000);
    let closedYet = false;
    const closed = app.close().then(() => (closedYet = true));
    await jest.advanceTimersByTimeAsync(100);
    expect(closedYet).toBe(false);
    await jest.advanceTimersByTimeAsync(400);
    await closed;
    expect(done).toBe(true);
  });
});
