/**
 * The idle wait of a worker loop: ends after `ms`, or at once when woken. A wake that comes while
 * the worker is busy is remembered, so the next wait does not sleep through it.
 */
export class WakeableSleep {
  private pending = false;
  private release?: () => void;

  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.release = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.release = done;
    });
  }

  wake(): void {
    if (this.release) this.release();
    else this.pending = true;
  }
}
