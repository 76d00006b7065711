import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountRegistered, ProfileChanged, type EventFrom } from '@sargs/contracts';
import { EventHandler } from '@sargs/platform/messaging';
import { SignupConsentService } from './signup-consent.service';

@Injectable()
export class AccountEventsConsumer {
  constructor(private readonly signups: SignupConsentService) {}

  @EventHandler(AccountRegistered)
  onAccountRegistered(event: EventFrom<typeof AccountRegistered>, manager: EntityManager): Promise<void> {
    return this.signups.recordSignup(manager, event.payload);
  }

  @EventHandler(ProfileChanged)
  onProfileChanged(event: EventFrom<typeof ProfileChanged>, manager: EntityManager): Promise<void> {
    return this.signups.updateLanguage(manager, event.payload);
  }
}
