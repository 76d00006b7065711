import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PagePosition } from '@sargs/platform/service';

export interface LegalHoldRow {
  id: string;
  account_id: string;
  reason: string;
  until: Date | null;
  created_at: Date;
  created_by: string;
  released_at: Date | null;
  released_by: string | null;
}

/** Every statement on legal_hold; methods that take a manager run in the caller's transaction. */
@Injectable()
export class LegalHoldRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Serialises holds and closures of one account with the case rows they touch (until the transaction ends). */
  async lockAccount(manager: EntityManager, accountId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [accountId]);
  }

  /** Whether a hold applies to the account now. */
  async activeFor(manager: EntityManager, accountId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM legal_hold WHERE account_id = $1 AND released_at IS NULL AND (until IS NULL OR until > now()) LIMIT 1`, [
      accountId,
    ]);
    return rows.length > 0;
  }

  /** created_at from here, to the millisecond: the list's page cursor carries milliseconds. */
  async insert(manager: EntityManager, hold: { id: string; accountId: string; reason: string; until: string | null; createdBy: string }): Promise<void> {
    await manager.query(`INSERT INTO legal_hold (id, account_id, reason, until, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      hold.id,
      hold.accountId,
      hold.reason,
      hold.until,
      hold.createdBy,
      new Date(),
    ]);
  }

  async lock(manager: EntityManager, id: string): Promise<Pick<LegalHoldRow, 'account_id' | 'released_at'> | undefined> {
    const [hold]: Pick<LegalHoldRow, 'account_id' | 'released_at'>[] = await manager.query(`SELECT account_id, released_at FROM legal_hold WHERE id = $1 FOR UPDATE`, [id]);
    return hold;
  }

  async release(manager: EntityManager, id: string, staffId: string): Promise<void> {
    await manager.query(`UPDATE legal_hold SET released_at = now(), released_by = $2 WHERE id = $1`, [id, staffId]);
  }

  /**
   * Releases the holds whose end date has passed; the released ones. Of two instances at once, the
   * second waits for the first's row locks and then finds those holds released.
   */
  async releaseExpired(manager: EntityManager): Promise<{ id: string; account_id: string }[]> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [released] = (await manager.query(`UPDATE legal_hold SET released_at = now() WHERE released_at IS NULL AND until <= now() RETURNING id, account_id`)) as [
      { id: string; account_id: string }[],
      number,
    ];
    return released;
  }

  /** Newest first, optionally of one account and either state, after a position; `limit` rows. */
  page(filter: { accountId?: string; active?: boolean }, after: PagePosition | undefined, limit: number): Promise<LegalHoldRow[]> {
    return this.dataSource.query(
      `SELECT id, account_id, reason, until, created_at, created_by, released_at, released_by FROM legal_hold
        WHERE ($1::uuid IS NULL OR account_id = $1)
          AND ($2::boolean IS NULL OR (released_at IS NULL) = $2)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [filter.accountId ?? null, filter.active ?? null, after?.at ?? null, after?.id ?? null, limit],
    );
  }
}
