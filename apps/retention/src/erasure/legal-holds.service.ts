import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { LegalHoldBody, LegalHoldListQuery, legalHoldView } from '@sargs/contracts';
import { AuditRecorder, ConflictError, NotFoundError, pageAfter, type ListPage } from '@sargs/platform/service';
import { ErasureCasesService } from './erasure-cases.service';
import { LegalHoldRepository } from './legal-hold.repository';

export type LegalHoldView = z.infer<typeof legalHoldView>;

/**
 * Legal holds (R20): placed and removed by staff; an end date releases one by itself. Placing and
 * lifting each leave an entry in the audit trail, in the transaction that makes the change.
 */
@Injectable()
export class LegalHoldsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly holds: LegalHoldRepository,
    private readonly cases: ErasureCasesService,
    private readonly audit: AuditRecorder,
  ) {}

  async place(input: LegalHoldBody, staffId: string): Promise<{ id: string }> {
    return this.dataSource.transaction(async (manager) => {
      await this.holds.lockAccount(manager, input.accountId);
      if (await this.cases.erasureUnderWay(manager, input.accountId)) {
        throw new ConflictError('This account is already being erased or has been erased; a hold can no longer keep its data');
      }
      const id = randomUUID();
      await this.holds.insert(manager, { id, accountId: input.accountId, reason: input.reason, until: input.until ?? null, createdBy: staffId });
      await this.audit.record(manager, { action: 'legal-hold.placed', actorId: staffId, subject: input.accountId, reference: id });
      return { id };
    });
  }

  /** 204 for an active or already released hold (only the first release is an audit entry); 404 for an unknown one. */
  async release(id: string, staffId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const hold = await this.holds.lock(manager, id);
      if (!hold) throw new NotFoundError('No such legal hold');
      if (hold.released_at) return;
      await this.holds.release(manager, id, staffId);
      await this.audit.record(manager, { action: 'legal-hold.lifted', actorId: staffId, subject: hold.account_id, reference: id });
      await this.cases.resumeIfUnheld(manager, hold.account_id);
    });
  }

  /** Holds whose end date has passed are released (the system is the actor), and the erasures they held run. */
  async releaseExpired(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const expired = await this.holds.releaseExpired(manager);
      for (const hold of expired) await this.audit.record(manager, { action: 'legal-hold.lifted', actorId: null, subject: hold.account_id, reference: hold.id });
      for (const account of new Set(expired.map((e) => e.account_id))) await this.cases.resumeIfUnheld(manager, account);
    });
  }

  /**
   * GET /admin/legal-holds: active and lifted holds, newest first, optionally of one account and
   * either state; fetches one row more than a page, for the next link.
   */
  async list(query: LegalHoldListQuery): Promise<ListPage<LegalHoldView>> {
    const after = pageAfter(query.cursor, 'uuid');
    const accountId = query.accountId?.toLowerCase();
    const rows = await this.holds.page({ accountId, active: query.active === undefined ? undefined : query.active === 'true' }, after, query.limit + 1);
    return {
      rows: rows.map((r) => ({
        id: r.id,
        accountId: r.account_id,
        reason: r.reason,
        until: r.until?.toISOString() ?? null,
        createdAt: r.created_at.toISOString(),
        createdBy: r.created_by,
        releasedAt: r.released_at?.toISOString() ?? null,
        releasedBy: r.released_by,
      })),
      limit: query.limit,
      query: { accountId, active: query.active },
    };
  }
}
