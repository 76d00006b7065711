import type { Logger } from '@sargs/platform/observability';
import { PeriodicTask } from './periodic-task';

const silent = { warn: jest.fn(), info: jest.fn(), error: jest.fn(), debug: jest.fn() } as unknown as Logger;

describe('PeriodicTask', () => {
  it('never runs twice at once: a second run while one is in flight is that same run', async () => {
    let release: () => void = () => undefined;
    let runs = 0;
    const task = new PeriodicTask('t', 60_000, () => ((runs += 1), runs === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve()), silent);
    const first = task.runOnce();
    const second = task.runOnce();
    expect(second).toBe(first);
    await new Promise((r) => setImmediate(r));
    release();
    await first;
    await task.runOnce().then(() => undefined);
    expect(runs).toBe(2);
  });

  it('logs a failure and keeps going', async () => {
    const warn = jest.fn();
    const task = new PeriodicTask('sweep', 60_000, () => Promise.reject(new Error('db down')), { ...silent, warn } as unknown as Logger);
    await expect(task.runOnce()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith({ err: { message: 'db down' } }, 'sweep failed; it runs again at the next interval');
  });

  it('stop() waits for the run in flight', async () => {
    let done = false;
    const task = new PeriodicTask('t', 60_000, () => new Promise<void>((r) => setTimeout(() => ((done = true), r()), 50)), silent);
    task.start({ runNow: true });
    await task.stop();
    expect(done).toBe(true);
  });
});
