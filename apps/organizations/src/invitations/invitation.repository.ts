import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface InvitationRow {
  id: string;
  org_id: string;
  email: string;
  role: 'admin' | 'member';
  created_at: Date;
  expires_at: Date;
}

const COLUMNS = 'id, org_id, email, role, created_at, expires_at';

/**
 * Every statement on org_invitation, in the caller's transaction: scoped to the organisation
 * (inTenant), or naming one token hash (acceptance) or an expiry bound (the purge), the two
 * settings its row-level security policy also admits rows by.
 */
@Injectable()
export class InvitationRepository {
  async insert(manager: EntityManager, row: InvitationRow & { token_hash: Buffer }): Promise<void> {
    await manager.query(`INSERT INTO org_invitation (id, org_id, email, role, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      row.id,
      row.org_id,
      row.email,
      row.role,
      row.token_hash,
      row.created_at,
      row.expires_at,
    ]);
  }

  /** Every open invitation of the address in the organisation: a new one replaces it. */
  async deleteForEmail(manager: EntityManager, orgId: string, email: string): Promise<void> {
    await manager.query(`DELETE FROM org_invitation WHERE org_id = $1 AND email = $2`, [orgId, email]);
  }

  /** Newest first. */
  async list(manager: EntityManager, orgId: string): Promise<InvitationRow[]> {
    return manager.query(`SELECT ${COLUMNS} FROM org_invitation WHERE org_id = $1 ORDER BY created_at DESC, id`, [orgId]);
  }

  /** Whether it was there. */
  async delete(manager: EntityManager, orgId: string, id: string): Promise<boolean> {
    const [, deleted] = (await manager.query(`DELETE FROM org_invitation WHERE org_id = $1 AND id = $2`, [orgId, id])) as [unknown, number];
    return deleted > 0;
  }

  /** Admits the invitation with this token hash to the transaction, and locks it until the transaction ends. */
  async lockByTokenHash(manager: EntityManager, tokenHash: Buffer): Promise<InvitationRow | undefined> {
    await manager.query(`SELECT set_config('app.invitation_token_hash', $1, true)`, [tokenHash.toString('hex')]);
    const rows: InvitationRow[] = await manager.query(`SELECT ${COLUMNS} FROM org_invitation WHERE token_hash = $1 FOR UPDATE`, [tokenHash]);
    return rows[0];
  }

  /** Admits the invitations that expired before `before` (of every organisation) to the transaction, and deletes them. */
  async purgeExpired(manager: EntityManager, before: Date): Promise<number> {
    await manager.query(`SELECT set_config('app.invitations_expired_before', $1, true)`, [before.toISOString()]);
    const [, deleted] = (await manager.query(`DELETE FROM org_invitation WHERE expires_at < $1`, [before])) as [unknown, number];
    return deleted;
  }
}
