import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountEmailChanged, AccountRegistered, type EventFrom } from '@sargs/contracts';
import { EventHandler } from '@sargs/platform/messaging';
import { ProfilesService } from './profiles.service';

/**
 * Builds and updates profiles from identity's account events (identity.account.v1). The inbox has
 * validated each against its contract, subject rule included: payload.accountId is the envelope's
 * subject, the id the erased-ids check (R15) and erasure go by.
 */
@Injectable()
export class AccountEventsConsumer {
  constructor(private readonly profiles: ProfilesService) {}

  @EventHandler(AccountRegistered)
  onAccountRegistered(event: EventFrom<typeof AccountRegistered>, manager: EntityManager): Promise<void> {
    return this.profiles.createFromRegistration(manager, event.payload);
  }

  @EventHandler(AccountEmailChanged)
  onAccountEmailChanged(event: EventFrom<typeof AccountEmailChanged>, manager: EntityManager): Promise<void> {
    return this.profiles.applyEmailChange(manager, event.payload);
  }
}
