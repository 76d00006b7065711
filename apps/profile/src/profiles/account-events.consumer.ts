import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AccountEmailChanged, AccountRegistered, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { ProfilesService } from './profiles.service';

/**
 * Builds and updates profiles from identity's account events (identity.account.v1). The inbox has
 * validated each against its contract, subject rule included: payload.accountId is the envelope's
 * subject, the id the erased-ids check (R15) and erasure go by.
 */
@Controller()
export class AccountEventsConsumer {
  constructor(private readonly profiles: ProfilesService) {}

  @EventPattern(AccountRegistered)
  onAccountRegistered(@Payload() event: EventFrom<typeof AccountRegistered>, @Ctx() context: EventContext): Promise<void> {
    return this.profiles.createFromRegistration(context.getManager(), event.payload);
  }

  @EventPattern(AccountEmailChanged)
  onAccountEmailChanged(@Payload() event: EventFrom<typeof AccountEmailChanged>, @Ctx() context: EventContext): Promise<void> {
    return this.profiles.applyEmailChange(context.getManager(), event.payload);
  }
}
