import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountClosureRequested, type AccountClosureRecorded, type AccountCredentialsChanged, type EventFrom } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { AccountRepository } from '../accounts/account.repository';
import { UNUSABLE_PASSWORD_HASH } from '../credentials/password-hasher.service';
import { SecondFactorRepository } from '../second-factor/second-factor.repository';
import { SessionsService } from '../sessions/sessions.service';
import { AccountTokensService } from '../tokens/account-tokens.service';

type Closure = EventFrom<typeof AccountClosureRecorded>['payload'];
type CredentialsChange = EventFrom<typeof AccountCredentialsChanged>['payload'];

/**
 * Applies the ledger to the account table where the row lacks a record's effect, which happens
 * only after a restore from a backup taken before it (docs/identity.md, "After a restore"). Each
 * record is handled once (the inbox), and a record whose effect is there changes nothing, so a
 * restart mid-replay, or the normal running of identity's own events, neither loses nor doubles.
 * No row: the account was created after the backup, or is erased; nothing to bring back.
 */
@Injectable()
export class LedgerReplayService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionsService,
    private readonly tokens: AccountTokensService,
    private readonly secondFactors: SecondFactorRepository,
    private readonly publisher: EventPublisher,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * A closure the row lacks: closed again, with its case, sessions and links ended. The restored
   * databases downstream lack it too, so AccountClosureRequested goes out again with the same
   * case: retention opens that case once (held again under a hold, else erasure follows) and
   * notifications stops mail to the person.
   */
  async closure(manager: EntityManager, closure: Closure): Promise<void> {
    const account = await this.accounts.lockForReplay(manager, closure.accountId);
    if (!account || account.status === 'closed') return;
    await this.accounts.close(manager, closure.accountId, new Date(closure.closedAt), closure.caseId);
    await this.sessions.revokeAll(manager, closure.accountId);
    await this.tokens.retireAll(manager, closure.accountId);
    await this.publisher.publish(manager, AccountClosureRequested, closure.accountId, {
      accountId: closure.accountId,
      caseId: closure.caseId,
      requestedBy: closure.requestedBy,
      requestedAt: closure.closedAt,
      ...(closure.staffId ? { staffId: closure.staffId } : {}),
    });
    this.logger.warn({ accountId: closure.accountId, caseId: closure.caseId }, 'restore replay: a closure made after the backup applied again');
  }

  /**
   * A credential change the row lacks (its version is older). Roles: the ones recorded. Anything
   * else: the restored secret must not work again (it may be the one that leaked), and the ledger
   * holds no secret to put back, so the password is disabled, every session and mailed link ends,
   * and the owner sets a new password by reset mail. The address in the row is the one identity
   * has; a changed address is not in the ledger (personal data, kept 7 days at most).
   */
  async credentialsChanged(manager: EntityManager, change: CredentialsChange): Promise<void> {
    const account = await this.accounts.lockForReplay(manager, change.accountId);
    if (!account || account.credential_version >= change.credentialVersion) return;
    if (change.change === 'roles-changed') await this.accounts.restoreRoles(manager, change.accountId, change.roles ?? [], change.credentialVersion);
    else {
      await this.accounts.disablePassword(manager, change.accountId, UNUSABLE_PASSWORD_HASH, change.credentialVersion);
      await this.tokens.retireAll(manager, change.accountId);
      // The backup's second factors may include one the owner removed since (a lost phone, a
      // stolen key), and a passkey logs in without the password: none of them can be trusted.
      // The owner resets the password by mail and sets them up again.
      if (change.change === 'second-factor-changed') await this.secondFactors.removeAll(manager, change.accountId);
    }
    await this.sessions.revokeAll(manager, change.accountId);
    this.logger.warn({ accountId: change.accountId, change: change.change }, 'restore replay: a credential change made after the backup; the restored credential no longer works');
  }
}
