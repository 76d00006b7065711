import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountEmailChanged, AccountRegistered, type EventFrom } from '@sargs/contracts';
import { EventHandler, PoisonMessageError } from '@sargs/platform/messaging';
import { ProfilesService } from './profiles.service';

/**
 * The inbox has validated the payload against the contract. What it cannot see is whether the
 * envelope's subject is this account: the erased-ids check (R15) and erasure go by that id.
 */
function sameSubject(event: { type: string; subjectId: string; payload: { accountId: string } }): void {
  if (event.payload.accountId !== event.subjectId) {
    throw new PoisonMessageError(`${event.type}: payload.accountId differs from the envelope subjectId`);
  }
}

/** Builds and updates profiles from identity's account events (identity.account.v1). */
@Injectable()
export class AccountEventsConsumer {
  constructor(private readonly profiles: ProfilesService) {}

  @EventHandler(AccountRegistered)
  onAccountRegistered(event: EventFrom<typeof AccountRegistered>, manager: EntityManager): Promise<void> {
    sameSubject(event);
    return this.profiles.createFromRegistration(manager, event.payload);
  }

  @EventHandler(AccountEmailChanged)
  onAccountEmailChanged(event: EventFrom<typeof AccountEmailChanged>, manager: EntityManager): Promise<void> {
    sameSubject(event);
    return this.profiles.applyEmailChange(manager, event.payload);
  }
}
