import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConflictError } from '@sargs/platform/service';

/** Serialises everything that can take the last admin away (transaction-scoped advisory lock). */
const ADMIN_CHANGE_LOCK_KEY = 727_011;

/**
 * Sargs always keeps one active admin: neither a role change nor a closure may remove the last
 * one. Callers take the lock before they lock the account row, so the two never deadlock.
 */
@Injectable()
export class LastAdminGuard {
  async lock(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_CHANGE_LOCK_KEY]);
  }

  /** Under the lock: another active admin must remain once `accountId` stops being one. */
  async refuseLastAdmin(manager: EntityManager, accountId: string): Promise<void> {
    const others: { count: number }[] = await manager.query(
      `SELECT count(*)::int AS count FROM account WHERE status = 'active' AND 'admin' = ANY(roles) AND id <> $1`,
      [accountId],
    );
    if (others[0].count === 0) throw new ConflictError('This is the last active admin: make another account admin first');
  }
}
