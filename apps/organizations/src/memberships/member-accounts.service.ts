import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccountEmailChanged, AccountRegistered, EventFrom, ProfileChanged } from '@sargs/contracts';
import { MemberAccountRepository } from './member-account.repository';

/** organizations' copy of each account's address, name and language, kept from identity's and profile's events. */
@Injectable()
export class MemberAccountsService {
  constructor(private readonly accounts: MemberAccountRepository) {}

  async registered(manager: EntityManager, event: EventFrom<typeof AccountRegistered>['payload']): Promise<void> {
    await this.accounts.registered(manager, event.accountId, { email: event.email, name: event.name, language: event.language });
  }

  async emailChanged(manager: EntityManager, event: EventFrom<typeof AccountEmailChanged>['payload']): Promise<void> {
    await this.accounts.emailChanged(manager, event.accountId, event.email);
  }

  async profileChanged(manager: EntityManager, event: EventFrom<typeof ProfileChanged>['payload']): Promise<void> {
    await this.accounts.profileChanged(manager, event.accountId, { name: event.name, language: event.language, changedAt: new Date(event.changedAt) });
  }
}
