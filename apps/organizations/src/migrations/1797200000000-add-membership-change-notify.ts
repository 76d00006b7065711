import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * NOTIFY sargs_membership_change with the organisation's id whenever a membership answer the
 * gateway may keep stops being true: a member's role changes or the membership ends, or the
 * organisation is deleted (or comes back). Gateways reuse membership lookups only while they hear
 * these (docs/gateway.md, "Tenant routes"). Delivered at commit, dropped on rollback; the same
 * organisation twice in one transaction is folded into one notification. A new membership
 * notifies nothing: gateways keep only the roles members have, never a refusal.
 */
export class AddMembershipChangeNotify1797200000000 implements MigrationInterface {
  name = 'AddMembershipChangeNotify1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION "sargs_membership_change_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('sargs_membership_change', OLD.org_id::text);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER "org_membership_change_notify" AFTER UPDATE OR DELETE ON "org_membership"
      FOR EACH ROW EXECUTE FUNCTION "sargs_membership_change_notify"()`);
    await q.query(`CREATE TRIGGER "organization_change_notify" AFTER UPDATE OF "deleted_at" OR DELETE ON "organization"
      FOR EACH ROW EXECUTE FUNCTION "sargs_membership_change_notify"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "organization_change_notify" ON "organization"`);
    await q.query(`DROP TRIGGER "org_membership_change_notify" ON "org_membership"`);
    await q.query(`DROP FUNCTION "sargs_membership_change_notify"()`);
  }
}
