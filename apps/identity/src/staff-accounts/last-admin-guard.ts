import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConflictError } from '@sargs/platform/service';
import { AccountRepository } from '../accounts/account.repository';

/**
 * Sargs always keeps one active admin: neither a role change nor a closure may remove the last
 * one. Callers take the lock before they lock the account row, so the two never deadlock.
 */
@Injectable()
export class LastAdminGuard {
  constructor(private readonly accounts: AccountRepository) {}

  async lock(manager: EntityManager): Promise<void> {
    await this.accounts.lockAdminChanges(manager);
  }

  /** Under the lock: another active admin must remain once `accountId` stops being one. */
  async refuseLastAdmin(manager: EntityManager, accountId: string): Promise<void> {
    if ((await this.accounts.countOtherActiveAdmins(manager, accountId)) === 0) throw new ConflictError('This is the last active admin: make another account admin first');
  }
}
