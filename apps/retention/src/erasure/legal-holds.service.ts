import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { LegalHoldBody, LegalHoldListQuery, legalHoldView } from '@sargs/contracts';
import { AuditRecorder, ConflictError, NotFoundError, pageAfter, type ListPage } from '@sargs/platform/service';
import { ErasureCasesService } from './erasure-cases.service';

export type LegalHoldView = z.infer<typeof legalHoldView>;

interface HoldRow {
  id: string;
  account_id: string;
  reason: string;
  until: Date | null;
  created_at: Date;
  created_by: string;
  released_at: Date | null;
  released_by: string | null;
}

/**
 * Legal holds (R20): placed and removed by staff; an end date releases one by itself. Placing and
 * lifting each leave an entry in the audit trail, in the transaction that makes the change.
 */
@Injectable()
export class LegalHoldsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: ErasureCasesService,
    private readonly audit: AuditRecorder,
  ) {}

  async place(input: LegalHoldBody, staffId: string): Promise<{ id: string }> {
    return this.dataSource.transaction(async (manager) => {
      // Serialises holds and closures of one account with the case rows they touch.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [input.accountId]);
      if (await this.cases.erasureUnderWay(manager, input.accountId)) {
        throw new ConflictError('This account is already being erased or has been erased; a hold can no longer keep its data');
      }
      const id = randomUUID();
      // created_at from here, to the millisecond: the list's page cursor carries milliseconds.
      await manager.query(`INSERT INTO legal_hold (id, account_id, reason, until, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        id,
        input.accountId,
        input.reason,
        input.until ?? null,
        staffId,
        new Date(),
      ]);
      await this.audit.record(manager, { action: 'legal-hold.placed', actorId: staffId, subject: input.accountId, reference: id });
      return { id };
    });
  }

  /** 204 for an active or already released hold (only the first release is an audit entry); 404 for an unknown one. */
  async release(id: string, staffId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [hold]: { account_id: string; released_at: Date | null }[] = await manager.query(`SELECT account_id, released_at FROM legal_hold WHERE id = $1 FOR UPDATE`, [id]);
      if (!hold) throw new NotFoundError('No such legal hold');
      if (hold.released_at) return;
      await manager.query(`UPDATE legal_hold SET released_at = now(), released_by = $2 WHERE id = $1`, [id, staffId]);
      await this.audit.record(manager, { action: 'legal-hold.lifted', actorId: staffId, subject: hold.account_id, reference: id });
      await this.cases.resumeIfUnheld(manager, hold.account_id);
    });
  }

  /** Holds whose end date has passed are released (the system is the actor), and the erasures they held run. */
  async releaseExpired(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE ... RETURNING with [rows, affected]. Of two instances sweeping at
      // once, the second waits for the first's row locks and then finds those holds released.
      const [expired] = (await manager.query(
        `UPDATE legal_hold SET released_at = now() WHERE released_at IS NULL AND until <= now() RETURNING id, account_id`,
      )) as [{ id: string; account_id: string }[], number];
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
    const rows: HoldRow[] = await this.dataSource.query(
      `SELECT id, account_id, reason, until, created_at, created_by, released_at, released_by FROM legal_hold
        WHERE ($1::uuid IS NULL OR account_id = $1)
          AND ($2::boolean IS NULL OR (released_at IS NULL) = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [accountId ?? null, query.active === undefined ? null : query.active === 'true', after?.at ?? null, after?.id ?? null, query.limit + 1],
    );
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
