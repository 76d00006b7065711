import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProfileChanged, type EventFrom } from '@sargs/contracts';
import { EventHandler } from '@sargs/platform/messaging';
import { AccountCopiesService } from './account-copies.service';

/** Keeps identity's copies of name and language in step with profile (profile.profile.v1). */
@Injectable()
export class ProfileEventsConsumer {
  constructor(private readonly copies: AccountCopiesService) {}

  @EventHandler(ProfileChanged)
  onProfileChanged(event: EventFrom<typeof ProfileChanged>, manager: EntityManager): Promise<void> {
    // The inbox has checked ProfileChanged's subject rule: payload.accountId is the envelope's subject.
    return this.copies.applyProfileChange(manager, event.payload);
  }
}
