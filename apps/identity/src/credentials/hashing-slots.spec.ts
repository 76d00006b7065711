import { HashingSlots } from './hashing-slots';

describe('HashingSlots', () => {
  it('runs at most `size` at once, in arrival order, and frees slots on failure too', async () => {
    const slots = new HashingSlots(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const job = (i: number, fail = false) =>
      slots.run(async () => {
        started.push(i);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        if (fail) throw new Error('boom');
        return i;
      });
    const results = [job(0, true), job(1), job(2), job(3)].map((p) => p.catch((e: Error) => e.message));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    while (releases.length > 0 || started.length < 4) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(results)).toEqual(['boom', 1, 2, 3]);
    expect([peak, started]).toEqual([2, [0, 1, 2, 3]]);
  });

  it('refuses a size below one', () => {
    expect(() => new HashingSlots(0)).toThrow(/positive integer/);
  });
});
