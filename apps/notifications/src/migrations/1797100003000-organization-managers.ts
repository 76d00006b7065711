import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who owns and administers each organisation (organization-mail/organization-manager.entity.ts),
 * for sub-processor notices and an organisation's incidents; and the directory by address, for
 * an invitation to an address that may already be an account's.
 */
export class OrganizationManagers1797100003000 implements MigrationInterface {
  name = 'OrganizationManagers1797100003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "organization_manager" (
      "organization_id" uuid NOT NULL,
      "account_id" uuid NOT NULL,
      "role" character varying(10) NOT NULL,
      "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_organization_manager" PRIMARY KEY ("organization_id", "account_id"))`);
    await q.query(`CREATE INDEX "organization_manager_account_idx" ON "organization_manager" ("account_id")`);
    await q.query(`CREATE INDEX "recipient_email_idx" ON "recipient" ("email")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "recipient_email_idx"`);
    await q.query(`DROP TABLE "organization_manager"`);
  }
}
