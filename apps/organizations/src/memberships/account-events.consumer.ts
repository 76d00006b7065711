import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AccountEmailChanged, AccountRegistered, ProfileChanged, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { MemberAccountsService } from './member-accounts.service';

/**
 * Keeps the copy of accounts' address (identity.account.v1) and name and language
 * (profile.profile.v1). Every event's subject is the account, so an erased account's later
 * events are dropped before they get here (R15).
 */
@Controller()
export class AccountEventsConsumer {
  constructor(private readonly accounts: MemberAccountsService) {}

  @EventPattern(AccountRegistered)
  onAccountRegistered(@Payload() event: EventFrom<typeof AccountRegistered>, @Ctx() context: EventContext): Promise<void> {
    return this.accounts.registered(context.getManager(), event.payload);
  }

  @EventPattern(AccountEmailChanged)
  onAccountEmailChanged(@Payload() event: EventFrom<typeof AccountEmailChanged>, @Ctx() context: EventContext): Promise<void> {
    return this.accounts.emailChanged(context.getManager(), event.payload);
  }

  @EventPattern(ProfileChanged)
  onProfileChanged(@Payload() event: EventFrom<typeof ProfileChanged>, @Ctx() context: EventContext): Promise<void> {
    return this.accounts.profileChanged(context.getManager(), event.payload);
  }
}
