import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  AccountClosureRequested,
  AccountEmailChanged,
  AccountEmailVerified,
  AccountRegistered,
  ConsentChanged,
  ProfileChanged,
  type EventFrom,
} from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { OutgoingMailRepository } from '../outgoing/outgoing-mail.repository';
import { RecipientRepository } from './recipient.repository';

/** identity, profile and consent events that keep the recipient directory and consent projection. */
@Controller()
export class DirectoryEventsConsumer {
  constructor(
    private readonly recipients: RecipientRepository,
    private readonly mails: OutgoingMailRepository,
  ) {}

  @EventPattern(AccountRegistered)
  onRegistered(@Payload() event: EventFrom<typeof AccountRegistered>, @Ctx() context: EventContext): Promise<void> {
    return this.recipients.recordRegistration(context.getManager(), event.payload);
  }

  @EventPattern(AccountEmailVerified)
  onEmailVerified(@Payload() event: EventFrom<typeof AccountEmailVerified>, @Ctx() context: EventContext): Promise<void> {
    return this.recipients.recordEmailVerified(context.getManager(), event.payload);
  }

  /** The directory takes the new address; the old one is told, once, that it no longer holds the account. */
  @EventPattern(AccountEmailChanged)
  async onEmailChanged(@Payload() event: EventFrom<typeof AccountEmailChanged>, @Ctx() context: EventContext): Promise<void> {
    const manager = context.getManager();
    const { accountId, email, changedAt } = event.payload;
    const previous = await this.recipients.currentAddress(manager, accountId);
    await this.recipients.recordEmailChange(manager, event.payload);
    if (previous && previous !== email) {
      await this.mails.enqueue(manager, { dedupeKey: `${event.eventId}:email-changed`, accountId, template: 'email-changed', params: { changedAt }, toAddress: previous });
    }
  }

  @EventPattern(ProfileChanged)
  onProfileChanged(@Payload() event: EventFrom<typeof ProfileChanged>, @Ctx() context: EventContext): Promise<void> {
    return this.recipients.recordProfileChange(context.getManager(), event.payload);
  }

  /** From this moment nothing is sent to the person: queued mail is cancelled with the same commit. */
  @EventPattern(AccountClosureRequested)
  async onClosureRequested(@Payload() event: EventFrom<typeof AccountClosureRequested>, @Ctx() context: EventContext): Promise<void> {
    const manager = context.getManager();
    await this.recipients.recordClosure(manager, event.payload);
    await this.mails.cancelForClosure(manager, event.payload.accountId);
  }

  @EventPattern(ConsentChanged)
  onConsentChanged(@Payload() event: EventFrom<typeof ConsentChanged>, @Ctx() context: EventContext): Promise<void> {
    return this.recipients.recordConsent(context.getManager(), event.payload);
  }
}
