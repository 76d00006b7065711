import { Injectable } from '@nestjs/common';
import { Periodic } from '@sargs/platform/service';
import { ReplayBarrier } from './replay-barrier';

/** Asks every second whether the replay after a restore is done (nothing to do once it is). */
@Injectable()
export class ReplayBarrierTask {
  constructor(private readonly barrier: ReplayBarrier) {}

  @Periodic({ name: 'restore replay check', every: 1000, runAtStart: true })
  check(): Promise<void> {
    return this.barrier.check();
  }
}
