import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountRegistered, type EventFrom } from '@sargs/contracts';
import { EventHandler, PoisonMessageError } from '@sargs/platform/messaging';
import { ProfilesService } from './profiles.service';

/** Builds profiles from identity's account events (identity.account.v1). */
@Injectable()
export class AccountEventsConsumer {
  constructor(private readonly profiles: ProfilesService) {}

  @EventHandler(AccountRegistered)
  onAccountRegistered(event: EventFrom<typeof AccountRegistered>, manager: EntityManager): Promise<void> {
    // The inbox has validated the payload against the contract. What it cannot see is whether the
    // envelope's subject is this account: the erased-ids check (R15) and erasure go by that id.
    if (event.payload.accountId !== event.subjectId) {
      throw new PoisonMessageError('AccountRegistered: payload.accountId differs from the envelope subjectId');
    }
    return this.profiles.createFromRegistration(manager, event.payload);
  }
}
