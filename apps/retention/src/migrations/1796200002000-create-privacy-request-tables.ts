import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privacy requests (R12, R22, R23): the person's message, its due date and staff's answer.
 * Generated from the entity; the schema-drift test keeps them equal.
 */
export class CreatePrivacyRequestTables1796200002000 implements MigrationInterface {
  name = 'CreatePrivacyRequestTables1796200002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "privacy_request" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "type" character varying(20) NOT NULL,
      "message" character varying(5000) NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'open',
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "response" character varying(10000),
      "answered_at" TIMESTAMP WITH TIME ZONE, "answered_by" uuid, CONSTRAINT "PK_0f0855b007a744a88b91ef3b7b8" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "privacy_request_account_idx" ON "privacy_request" ("account_id", "created_at")`);
    await q.query(`CREATE INDEX "privacy_request_open_due_idx" ON "privacy_request" ("due_at") WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "privacy_request"`);
  }
}
