import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { z } from 'zod';
import type { DataSource } from 'typeorm';
import type { setConsentBody } from '@sargs/contracts';
import type { UnsubscribeClaim } from '@sargs/platform/secrets';
import { ConflictError, NotFoundError, TemporarilyUnavailableError } from '@sargs/platform/service';
import { PolicyRepository } from '../policies/policy.repository';
import { changesState, currentState, historyNewestFirst, isConsentPurpose, type ConsentPurpose, type PurposeState } from './consent-ledger';
import { ConsentLedgerRepository } from './consent-ledger.repository';
import { ConsentLedgerService } from './consent-ledger.service';

/** PUT /me/consents/:purpose's body, already parsed by the controller. */
export type ConsentChange = z.output<typeof setConsentBody>;

/** The signed-in person's consents (GET/PUT /me/consents) and the one-click unsubscribe (R9, R18). */
@Injectable()
export class ConsentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: ConsentLedgerService,
    private readonly records: ConsentLedgerRepository,
    private readonly policies: PolicyRepository,
  ) {}

  async view(accountId: string) {
    const entries = await this.records.entries(accountId);
    return { purposes: currentState(entries), history: historyNewestFirst(entries) };
  }

  /**
   * PUT /me/consents/:purpose. Writing the state already in force appends nothing (the ledger
   * records changes, and a double click is not a second decision); the answer is the same.
   */
  async set(accountId: string, purposeParam: string, { granted }: ConsentChange): Promise<PurposeState> {
    if (!isConsentPurpose(purposeParam)) throw new NotFoundError('No such consent purpose');
    const purpose: ConsentPurpose = purposeParam;
    return this.dataSource.transaction(async (manager) => {
      const account = await this.records.lockAccount(manager, accountId);
      if (!account?.registeredAt) {
        // The sign-up event has not reached consent yet: its record must come first.
        throw new TemporarilyUnavailableError('Your account is not ready here yet; try again in a moment', 1);
      }
      const entries = await this.records.entries(accountId, manager);
      if (changesState(entries, purpose, granted)) {
        const policy = await this.policies.digest(null, account.language, manager);
        if (!policy) throw new ConflictError('No privacy policy is in force');
        entries.push(await this.ledger.append(manager, accountId, entries, { purpose, granted, method: 'account-page', policy, at: new Date() }));
      }
      return currentState(entries).find((s) => s.purpose === purpose) as PurposeState;
    });
  }

  /**
   * One-click unsubscribe with a verified token: withdraws, or does nothing when nothing is
   * granted (already withdrawn, never given, or an account consent no longer holds).
   */
  async unsubscribe(claim: UnsubscribeClaim): Promise<{ changed: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const account = await this.records.lockAccount(manager, claim.accountId);
      if (!account) return { changed: false };
      const entries = await this.records.entries(claim.accountId, manager);
      if (!changesState(entries, claim.purpose, false)) return { changed: false };
      const policy = await this.policies.digest(null, account.language, manager);
      if (!policy) return { changed: false };
      await this.ledger.append(manager, claim.accountId, entries, { purpose: claim.purpose, granted: false, method: 'unsubscribe-link', policy, at: new Date() });
      return { changed: true };
    });
  }
}
