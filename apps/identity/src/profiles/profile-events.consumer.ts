import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ProfileChanged, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { AccountCopiesService } from './account-copies.service';

/** Keeps identity's copies of name and language in step with profile (profile.profile.v1). */
@Controller()
export class ProfileEventsConsumer {
  constructor(private readonly copies: AccountCopiesService) {}

  @EventPattern(ProfileChanged)
  onProfileChanged(@Payload() event: EventFrom<typeof ProfileChanged>, @Ctx() context: EventContext): Promise<void> {
    // The inbox has checked ProfileChanged's subject rule: payload.accountId is the envelope's subject.
    return this.copies.applyProfileChange(context.getManager(), event.payload);
  }
}
