/**
 * Spaces hand-overs to the relay evenly at `perSecond` (MAIL_RATE_PER_SECOND), however many
 * senders run in parallel in this process: each take() reserves the next free slot.
 */
export class SendPacer {
  private readonly intervalMs: number;
  private nextSlot = 0;

  constructor(perSecond: number, private readonly now: () => number = Date.now) {
    this.intervalMs = 1000 / perSecond;
  }

  /** Milliseconds the caller must wait before its slot; reserves it. */
  reserve(): number {
    const now = this.now();
    // An idle pacer does not bank slots: a burst after a pause is still paced.
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    return slot - now;
  }

  async take(): Promise<void> {
    const wait = this.reserve();
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
