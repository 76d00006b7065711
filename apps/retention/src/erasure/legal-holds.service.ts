import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { legalHoldBody } from '@sargs/contracts';
import { parseInput, problem, ProblemException } from '@sargs/platform/service';
import { ErasureCasesService } from './erasure-cases.service';

interface HoldRow {
  id: string;
  account_id: string;
  reason: string;
  until: Date | null;
  created_at: Date;
  created_by: string;
}

/** Legal holds (R20): placed and removed by staff; an end date releases one by itself. */
@Injectable()
export class LegalHoldsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: ErasureCasesService,
  ) {}

  async place(body: unknown, staffId: string): Promise<{ id: string }> {
    const input = parseInput(legalHoldBody, body);
    return this.dataSource.transaction(async (manager) => {
      // Serialises holds and closures of one account with the case rows they touch.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [input.accountId]);
      if (await this.cases.erasureUnderWay(manager, input.accountId)) {
        throw new ProblemException(problem(409, 'This account is already being erased or has been erased; a hold can no longer keep its data'));
      }
      const id = randomUUID();
      await manager.query(`INSERT INTO legal_hold (id, account_id, reason, until, created_by) VALUES ($1, $2, $3, $4, $5)`, [
        id,
        input.accountId,
        input.reason,
        input.until ?? null,
        staffId,
      ]);
      return { id };
    });
  }

  /** 204 for an active or already released hold; 404 for an unknown one. */
  async release(id: string, staffId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [hold]: { account_id: string; released_at: Date | null }[] = await manager.query(`SELECT account_id, released_at FROM legal_hold WHERE id = $1 FOR UPDATE`, [id]);
      if (!hold) throw new ProblemException(problem(404, 'No such legal hold'));
      if (hold.released_at) return;
      await manager.query(`UPDATE legal_hold SET released_at = now(), released_by = $2 WHERE id = $1`, [id, staffId]);
      await this.cases.resumeIfUnheld(manager, hold.account_id);
    });
  }

  /** Holds whose end date has passed are released, and the erasures they held run. */
  async releaseExpired(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
      const [expired] = (await manager.query(
        `UPDATE legal_hold SET released_at = now() WHERE released_at IS NULL AND until <= now() RETURNING account_id`,
      )) as [{ account_id: string }[], number];
      for (const account of new Set(expired.map((e) => e.account_id))) await this.cases.resumeIfUnheld(manager, account);
    });
  }

  async active(): Promise<{ id: string; accountId: string; reason: string; until: string | null; createdAt: string; createdBy: string }[]> {
    const rows: HoldRow[] = await this.dataSource.query(
      `SELECT id, account_id, reason, until, created_at, created_by FROM legal_hold WHERE released_at IS NULL ORDER BY created_at DESC`,
    );
    return rows.map((r) => ({ id: r.id, accountId: r.account_id, reason: r.reason, until: r.until?.toISOString() ?? null, createdAt: r.created_at.toISOString(), createdBy: r.created_by }));
  }
}
