import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProfileChanged, type EventFrom } from '@sargs/contracts';
import { EventHandler, PoisonMessageError } from '@sargs/platform/messaging';
import { AccountCopiesService } from './account-copies.service';

/** Keeps identity's copies of name and language in step with profile (profile.profile.v1). */
@Injectable()
export class ProfileEventsConsumer {
  constructor(private readonly copies: AccountCopiesService) {}

  @EventHandler(ProfileChanged)
  onProfileChanged(event: EventFrom<typeof ProfileChanged>, manager: EntityManager): Promise<void> {
    // Erased-ids checks and erasure go by the envelope's subject: it must be the account itself.
    if (event.payload.accountId !== event.subjectId) {
      throw new PoisonMessageError('ProfileChanged: payload.accountId differs from the envelope subjectId');
    }
    return this.copies.applyProfileChange(manager, event.payload);
  }
}
