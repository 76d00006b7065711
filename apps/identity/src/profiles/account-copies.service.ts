import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventFrom, ProfileChanged } from '@sargs/contracts';
import { AccountRepository } from '../accounts/account.repository';

export type ProfileChange = EventFrom<typeof ProfileChanged>['payload'];

/**
 * Identity's copies of what profile owns: the name (only so the password policy can refuse
 * passwords built from it, R5) and the language (for the mails identity requests).
 */
@Injectable()
export class AccountCopiesService {
  constructor(private readonly accounts: AccountRepository) {}

  /**
   * Sets both copies to the event's values: applying it twice changes nothing, and an account
   * identity does not know (or no longer has) matches no row, so the event is simply absorbed.
   */
  async applyProfileChange(manager: EntityManager, change: ProfileChange): Promise<void> {
    await this.accounts.setNameAndLanguage(manager, change.accountId, change.name, change.language);
  }
}
