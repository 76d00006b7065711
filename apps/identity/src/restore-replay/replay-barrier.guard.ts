import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { TemporarilyUnavailableError } from '@sargs/platform/service';
import { ReplayBarrier } from './replay-barrier';

const RETRY_AFTER_SECONDS = 5;

/**
 * Every identity request (login and the gateway's session lookup above all) is 503 with
 * Retry-After while a restore's replay is pending: nobody signs in, or acts in a session, on
 * credentials the ledger has yet to correct. Event handlers are not requests and run on.
 */
@Injectable()
export class ReplayBarrierGuard implements CanActivate {
  constructor(private readonly barrier: ReplayBarrier) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || !this.barrier.pending) return true;
    throw new TemporarilyUnavailableError('Accounts are being restored. Try again in a moment.', RETRY_AFTER_SECONDS);
  }
}
