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
import { OutgoingMailRepository } from '../outgoing/outgoing-mail.repository';
import { RecipientRepository } from './recipient.repository';

/** identity, profile and consent events that keep the recipient directory and consent projection. */
@Injectable()
export class DirectoryEventsConsumer {
  constructor(
    private readonly recipients: RecipientRepository,
    private readonly mails: OutgoingMailRepository,
  ) {}

  @EventHandler(AccountRegistered)
  onRegistered(event: EventFrom<typeof AccountRegistered>, manager: EntityManager): Promise<void> {
    return this.recipients.recordRegistration(manager, event.payload);
  }

  @EventHandler(AccountEmailVerified)
  onEmailVerified(event: EventFrom<typeof AccountEmailVerified>, manager: EntityManager): Promise<void> {
    return this.recipients.recordEmailVerified(manager, event.payload);
  }

  @EventHandler(AccountEmailChanged)
  onEmailChanged(event: EventFrom<typeof AccountEmailChanged>, manager: EntityManager): Promise<void> {
    return this.recipients.recordEmailChange(manager, event.payload);
  }

  @EventHandler(ProfileChanged)
  onProfileChanged(event: EventFrom<typeof ProfileChanged>, manager: EntityManager): Promise<void> {
    return this.recipients.recordProfileChange(manager, event.payload);
  }

  /** From this moment nothing is sent to the person: queued mail is cancelled with the same commit. */
  @EventHandler(AccountClosureRequested)
  async onClosureRequested(event: EventFrom<typeof AccountClosureRequested>, manager: EntityManager): Promise<void> {
    await this.recipients.recordClosure(manager, event.payload);
    await this.mails.cancelForClosure(manager, event.payload.accountId);
  }

  @EventHandler(ConsentChanged)
  onConsentChanged(event: EventFrom<typeof ConsentChanged>, manager: EntityManager): Promise<void> {
    return this.recipients.recordConsent(manager, event.payload);
  }
}
