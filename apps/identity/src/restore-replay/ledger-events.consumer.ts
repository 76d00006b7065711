import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AccountClosureRecorded, AccountCredentialsChanged, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { LedgerReplayService } from './ledger-replay.service';

/**
 * Identity reads its own ledger (identity.ledger.v1). In normal running every record finds its
 * effect already in the row and does nothing; after a restore it brings back what the backup lacks.
 */
@Controller()
export class LedgerEventsConsumer {
  constructor(private readonly replay: LedgerReplayService) {}

  @EventPattern(AccountClosureRecorded)
  onClosure(@Payload() event: EventFrom<typeof AccountClosureRecorded>, @Ctx() context: EventContext): Promise<void> {
    return this.replay.closure(context.getManager(), event.payload);
  }

  @EventPattern(AccountCredentialsChanged)
  onCredentialsChanged(@Payload() event: EventFrom<typeof AccountCredentialsChanged>, @Ctx() context: EventContext): Promise<void> {
    return this.replay.credentialsChanged(context.getManager(), event.payload);
  }
}
