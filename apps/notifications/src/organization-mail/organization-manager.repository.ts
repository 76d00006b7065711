import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventFrom, OrganizationMembershipChanged } from '@sargs/contracts';
import { TEMPLATE_CATEGORY } from '../templates/mail-template';

/** The roles this projection keeps: who manages an organisation. */
const MANAGER_ROLES = ['owner', 'admin'];

/**
 * Every statement on the organisation-manager projection, with the fan-out of a sub-processor
 * notice into the outgoing queue (one mail per owner). Each runs in the caller's transaction.
 */
@Injectable()
export class OrganizationManagerRepository {
  /**
   * An owner or admin is kept (a newer change wins); any other role, or leaving, removes the row.
   * An account erased here is never brought back (R15): the event's subject is the organisation,
   * so the consumer's erased-ids check does not see the account.
   */
  async recordChange(manager: EntityManager, p: EventFrom<typeof OrganizationMembershipChanged>['payload']): Promise<void> {
    if (p.role !== null && MANAGER_ROLES.includes(p.role)) {
      await manager.query(
        `INSERT INTO organization_manager (organization_id, account_id, role, changed_at)
         SELECT $1::uuid, $2::uuid, $3::varchar, $4::timestamptz WHERE NOT EXISTS (SELECT 1 FROM erased_subject WHERE subject_id = $5)
         ON CONFLICT (organization_id, account_id) DO UPDATE SET role = EXCLUDED.role, changed_at = EXCLUDED.changed_at
          WHERE organization_manager.changed_at <= EXCLUDED.changed_at`,
        [p.orgId, p.accountId, p.role, p.changedAt, p.accountId],
      );
    } else {
      await manager.query(`DELETE FROM organization_manager WHERE organization_id = $1 AND account_id = $2 AND changed_at <= $3`, [p.orgId, p.accountId, p.changedAt]);
    }
  }

  /** The owners and admins of these organisations, each once. */
  async managersOf(manager: EntityManager, orgIds: readonly string[]): Promise<string[]> {
    const rows: { account_id: string }[] = await manager.query(
      `SELECT DISTINCT account_id FROM organization_manager WHERE organization_id = ANY($1::uuid[]) AND role = ANY($2::varchar[]) ORDER BY account_id`,
      [orgIds, MANAGER_ROLES],
    );
    return rows.map((row) => row.account_id);
  }

  /**
   * One `subprocessor-change` mail per owner of any organisation, however many they own and
   * however often the announcement is delivered (the dedupe key names the change and the owner).
   * Owners the directory knows as closed are left out; each mail is checked again when sent.
   * How many were queued.
   */
  async queueForOwners(manager: EntityManager, changeId: string, params: Record<string, unknown>): Promise<number> {
    const queued: unknown[] = await manager.query(
      `INSERT INTO outgoing_mail (id, dedupe_key, account_id, category, template, params)
       SELECT gen_random_uuid(), 'subprocessor-change:' || $1 || ':' || owners.account_id, owners.account_id, $2, 'subprocessor-change', $3::jsonb
         FROM (SELECT DISTINCT m.account_id FROM organization_manager m JOIN recipient r ON r.account_id = m.account_id
                WHERE m.role = 'owner' AND r.closed_at IS NULL) owners
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING 1`,
      [changeId, TEMPLATE_CATEGORY['subprocessor-change'], JSON.stringify(params)],
    );
    return queued.length;
  }
}
