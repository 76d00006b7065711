import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantIsolationStatements } from '@sargs/platform/database';

/**
 * The contact table (contacts/contact.entity.ts), isolated per organisation by row-level security,
 * forced, so it binds the service's own role, which owns the table (docs/tenancy.md).
 *
 * - `contact_email_idx` (org_id, email, created_at, id) serves the search by address: one range
 *   scan of one organisation's rows with that address, already newest first.
 * - `contact_created_idx` (org_id, created_at, id) serves the plain list, page after page.
 * created_at is written to the millisecond (the page cursor carries milliseconds).
 */
export class CreateContact1797000000000 implements MigrationInterface {
  name = 'CreateContact1797000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "contact" (
      "id" uuid NOT NULL,
      "org_id" uuid NOT NULL,
      "kind" character varying(16) NOT NULL,
      "name" character varying(200) NOT NULL,
      "email" character varying(254),
      "phone" character varying(40),
      "note" character varying(2000),
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_2cbbe00f59ab6b3bb5b8d19f989" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "contact_email_idx" ON "contact" ("org_id", "email", "created_at", "id")`);
    await q.query(`CREATE INDEX "contact_created_idx" ON "contact" ("org_id", "created_at", "id")`);
    for (const statement of tenantIsolationStatements('contact')) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "contact"`);
  }
}
