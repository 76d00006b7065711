import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  AccountClosureRequested,
  AccountEmailChanged,
  AccountEmailVerified,
  AccountRegistered,
  ConsentChanged,
  ProfileChanged,
  type EventFrom,
} from '@sargs/contracts';
import { EventHandler } from '@sargs/platform/messaging';
import { RecipientDirectoryService } from './recipient-directory.service';

/** identity, profile and consent events that keep the recipient directory and consent projection. */
@Injectable()
export class DirectoryEventsConsumer {
  constructor(private readonly directory: RecipientDirectoryService) {}

  @EventHandler(AccountRegistered)
  onRegistered(event: EventFrom<typeof AccountRegistered>, manager: EntityManager): Promise<void> {
    return this.directory.registered(manager, event.payload);
  }

  @EventHandler(AccountEmailVerified)
  onEmailVerified(event: EventFrom<typeof AccountEmailVerified>, manager: EntityManager): Promise<void> {
    return this.directory.emailVerified(manager, event.payload);
  }

  @EventHandler(AccountEmailChanged)
  onEmailChanged(event: EventFrom<typeof AccountEmailChanged>, manager: EntityManager): Promise<void> {
    return this.directory.emailChanged(manager, event.payload);
  }

  @EventHandler(ProfileChanged)
  onProfileChanged(event: EventFrom<typeof ProfileChanged>, manager: EntityManager): Promise<void> {
    return this.directory.profileChanged(manager, event.payload);
  }

  @EventHandler(AccountClosureRequested)
  onClosureRequested(event: EventFrom<typeof AccountClosureRequested>, manager: EntityManager): Promise<void> {
    return this.directory.closureRequested(manager, event.payload);
  }

  @EventHandler(ConsentChanged)
  onConsentChanged(event: EventFrom<typeof ConsentChanged>, manager: EntityManager): Promise<void> {
    return this.directory.consentChanged(manager, event.payload);
  }
}
