import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrgRole } from '@sargs/contracts';

export interface MemberRow {
  account_id: string;
  name: string | null;
  email: string | null;
  role: OrgRole;
}

/**
 * Every statement on org_membership, in the caller's transaction: scoped to the organisation
 * (inTenant), or to the account for its own memberships (scopeToAccount). Each statement names
 * the organisation as well.
 */
@Injectable()
export class MembershipRepository {
  /**
   * The gateway's lookup on every tenant request: one statement on both primary keys. A deleted
   * organisation has no members.
   */
  async roleOf(manager: EntityManager, orgId: string, accountId: string): Promise<OrgRole | undefined> {
    const rows: { role: OrgRole }[] = await manager.query(
      `SELECT m.role FROM org_membership m JOIN organization o ON o.org_id = m.org_id
        WHERE m.org_id = $1 AND m.account_id = $2 AND o.deleted_at IS NULL`,
      [orgId, accountId],
    );
    return rows[0]?.role;
  }

  /** Whether the account was not a member yet (an existing membership keeps its role). */
  async insert(manager: EntityManager, orgId: string, accountId: string, role: OrgRole, at: Date): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO org_membership (org_id, account_id, role, joined_at) VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, account_id) DO NOTHING RETURNING account_id`,
      [orgId, accountId, role, at],
    );
    return inserted.length > 0;
  }

  async find(manager: EntityManager, orgId: string, accountId: string): Promise<MemberRow | undefined> {
    const rows: MemberRow[] = await manager.query(
      `SELECT m.account_id, a.name, a.email, m.role FROM org_membership m LEFT JOIN member_account a ON a.account_id = m.account_id
        WHERE m.org_id = $1 AND m.account_id = $2`,
      [orgId, accountId],
    );
    return rows[0];
  }

  /** Owners first, then admins, then members; each by name. */
  async list(manager: EntityManager, orgId: string): Promise<MemberRow[]> {
    return manager.query(
      `SELECT m.account_id, a.name, a.email, m.role FROM org_membership m LEFT JOIN member_account a ON a.account_id = m.account_id
        WHERE m.org_id = $1
        ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, a.name NULLS LAST, m.account_id`,
      [orgId],
    );
  }

  async countOwners(manager: EntityManager, orgId: string): Promise<number> {
    const rows: { owners: number }[] = await manager.query(`SELECT count(*)::int AS owners FROM org_membership WHERE org_id = $1 AND role = 'owner'`, [orgId]);
    return rows[0].owners;
  }

  async setRole(manager: EntityManager, orgId: string, accountId: string, role: OrgRole): Promise<void> {
    await manager.query(`UPDATE org_membership SET role = $3 WHERE org_id = $1 AND account_id = $2`, [orgId, accountId, role]);
  }

  async delete(manager: EntityManager, orgId: string, accountId: string): Promise<void> {
    await manager.query(`DELETE FROM org_membership WHERE org_id = $1 AND account_id = $2`, [orgId, accountId]);
  }

  async accountsOf(manager: EntityManager, orgId: string): Promise<string[]> {
    const rows: { account_id: string }[] = await manager.query(`SELECT account_id FROM org_membership WHERE org_id = $1 ORDER BY account_id`, [orgId]);
    return rows.map((row) => row.account_id);
  }

  /** Whether a member of the organisation has this (normalised) address, as far as organizations knows it. */
  async hasMemberWithEmail(manager: EntityManager, orgId: string, email: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM org_membership m JOIN member_account a ON a.account_id = m.account_id WHERE m.org_id = $1 AND a.email = $2 LIMIT 1`,
      [orgId, email],
    );
    return rows.length > 0;
  }
}
