import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountClosureRecorded, AccountCredentialsChanged, type CredentialChange, type RoleName } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { AccountRepository } from './account.repository';

/**
 * Identity's ledger of what a restore must not undo (identity.ledger.v1, kept 35 days: past any
 * backup): closures and credential changes, ids and versions only, never a secret or an address.
 * Written in the transaction of the change; identity itself replays it after a restore
 * (restore-replay/, docs/identity.md "After a restore").
 */
@Injectable()
export class AccountLedger {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly publisher: EventPublisher,
  ) {}

  /** Counts the change on the account (its credential version) and records it. `roles`: with `roles-changed`, every role held now. */
  async credentialsChanged(manager: EntityManager, accountId: string, change: CredentialChange, changedAt: Date, roles?: readonly RoleName[]): Promise<void> {
    const credentialVersion = await this.accounts.nextCredentialVersion(manager, accountId);
    await this.publisher.publish(manager, AccountCredentialsChanged, accountId, {
      accountId,
      change,
      credentialVersion,
      ...(change === 'roles-changed' ? { roles: [...(roles ?? [])] } : {}),
      changedAt: changedAt.toISOString(),
    });
  }

  async closed(manager: EntityManager, closure: { accountId: string; caseId: string; staffId: string | null; closedAt: Date }): Promise<void> {
    await this.publisher.publish(manager, AccountClosureRecorded, closure.accountId, {
      accountId: closure.accountId,
      caseId: closure.caseId,
      requestedBy: closure.staffId ? 'staff' : 'self',
      ...(closure.staffId ? { staffId: closure.staffId } : {}),
      closedAt: closure.closedAt.toISOString(),
    });
  }
}
