import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SecondFactorChanged, type SECOND_FACTOR_METHODS } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { AuditRecorder } from '@sargs/platform/service';
import { AccountLedger } from '../accounts/account-ledger';
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes';
import { SecondFactorRepository } from './second-factor.repository';

/** What every change to an account's second factors does besides the change itself (apps and passkeys alike). */
@Injectable()
export class SecondFactorChanges {
  constructor(
    private readonly factors: SecondFactorRepository,
    private readonly publisher: EventPublisher,
    private readonly audit: AuditRecorder,
    private readonly ledger: AccountLedger,
  ) {}

  /** The owner's security mail and the audit trail, in the change's transaction. */
  async record(manager: EntityManager, accountId: string, method: (typeof SECOND_FACTOR_METHODS)[number], change: 'added' | 'removed' | 'used', remaining?: number): Promise<void> {
    const changedAt = new Date().toISOString();
    await this.publisher.publish(manager, SecondFactorChanged, accountId, {
      accountId,
      method,
      change,
      ...(remaining === undefined ? {} : { remainingRecoveryCodes: remaining }),
      changedAt,
    });
    // A recovery code used at login is the owner's mail only. Additions and removals are audited,
    // and enter the ledger a restore replays (a restore must not bring back a removed factor).
    if (change !== 'used') {
      await this.audit.record(manager, { action: `second-factor.${change}`, actorId: accountId, subject: accountId, reference: method });
      await this.ledger.credentialsChanged(manager, accountId, 'second-factor-changed', new Date(changedAt));
    }
  }

  /** Ten new recovery codes replace any earlier ones; answered this once, only their hashes are kept. */
  async issueRecoveryCodes(manager: EntityManager, accountId: string): Promise<string[]> {
    const recoveryCodes = newRecoveryCodes();
    await this.factors.replaceRecoveryCodes(manager, accountId, recoveryCodes.map((c) => recoveryCodeHash(c.replace(/-/gu, ''))));
    return recoveryCodes;
  }

  /** With no second factor left, recovery codes have nothing to recover: they go. */
  async dropRecoveryCodesIfLast(manager: EntityManager, accountId: string): Promise<void> {
    const { totp, passkeys } = await this.factors.summary(manager, accountId);
    if (!totp && passkeys === 0) await this.factors.deleteRecoveryCodes(manager, accountId);
  }
}
