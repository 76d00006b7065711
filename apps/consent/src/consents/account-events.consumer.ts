import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AccountRegistered, ProfileChanged, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { SignupConsentService } from './signup-consent.service';

@Controller()
export class AccountEventsConsumer {
  constructor(private readonly signups: SignupConsentService) {}

  @EventPattern(AccountRegistered)
  onAccountRegistered(@Payload() event: EventFrom<typeof AccountRegistered>, @Ctx() context: EventContext): Promise<void> {
    return this.signups.recordSignup(context.getManager(), event.payload);
  }

  @EventPattern(ProfileChanged)
  onProfileChanged(@Payload() event: EventFrom<typeof ProfileChanged>, @Ctx() context: EventContext): Promise<void> {
    return this.signups.updateLanguage(context.getManager(), event.payload);
  }
}
