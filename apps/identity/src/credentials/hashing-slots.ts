/**
 * At most `size` password hashes at once; the rest wait their turn in order. argon2 runs on
 * libuv's pool (4 threads by default): on a 2-core machine four hashes at once only take turns on
 * the cores with each other and with the event loop, which then answers everything else (health
 * checks, session lookups) late. One hash per core keeps the cores as busy and the loop prompt.
 */
export class HashingSlots {
  private busy = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`hashing slots must be a positive integer, not ${size}`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.busy += 1;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.busy -= 1;
    }
  }
}
