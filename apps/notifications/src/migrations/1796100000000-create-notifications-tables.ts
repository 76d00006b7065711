import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recipient directory and consent projection, the outgoing queue (which is also the delivery
 * log: no bodies) and broadcasts. Generated from the entities; the schema-drift test keeps them equal.
 */
export class CreateNotificationsTables1796100000000 implements MigrationInterface {
  name = 'CreateNotificationsTables1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "recipient" ("account_id" uuid NOT NULL, "email" character varying(254), "name" character varying(200),
      "language" character varying(2) NOT NULL DEFAULT 'en', "email_verified" boolean NOT NULL DEFAULT false,
      "registered_at" TIMESTAMP WITH TIME ZONE, "email_at" TIMESTAMP WITH TIME ZONE, "profile_at" TIMESTAMP WITH TIME ZONE,
      "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c42c027b57870b735463245719f" PRIMARY KEY ("account_id"))`);
    await q.query(`CREATE INDEX "recipient_active_idx" ON "recipient" ("account_id") WHERE closed_at IS NULL AND email_verified AND email IS NOT NULL`);
    await q.query(`CREATE TABLE "recipient_consent" ("account_id" uuid NOT NULL, "purpose" character varying(40) NOT NULL,
      "granted" boolean NOT NULL, "sequence" integer NOT NULL,
      CONSTRAINT "PK_f569370d3bac2137be1b6be0e5c" PRIMARY KEY ("account_id", "purpose"))`);
    await q.query(`CREATE TABLE "broadcast" ("id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "category" character varying(20) NOT NULL,
      "template" character varying(40) NOT NULL, "dedupe_key" character varying(100), "audience" character varying(10) NOT NULL,
      "content" jsonb NOT NULL, "audience_before" TIMESTAMP WITH TIME ZONE, "requested_by" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "fanout_cursor" uuid, "fanout_completed_at" TIMESTAMP WITH TIME ZONE,
      "skipped_at_fanout" integer NOT NULL DEFAULT '0', "archived_notified" integer NOT NULL DEFAULT '0',
      "archived_failed" integer NOT NULL DEFAULT '0', "archived_skipped" integer NOT NULL DEFAULT '0',
      CONSTRAINT "UQ_e768dcb9cb01bf4b9679aa4bd63" UNIQUE ("dedupe_key"), CONSTRAINT "PK_0ded4e27b42c4b2589e70095aa9" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "outgoing_mail" ("id" uuid NOT NULL, "dedupe_key" character varying(200) NOT NULL, "account_id" uuid NOT NULL,
      "category" character varying(20) NOT NULL, "template" character varying(40) NOT NULL, "params" jsonb, "to_address" character varying(254),
      "broadcast_id" uuid, "status" character varying(12) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0',
      "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claimed_at" TIMESTAMP WITH TIME ZONE,
      "last_error" character varying(40), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_ed85381cac829352bf9e8238ff8" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "outgoing_mail_dedupe_key" ON "outgoing_mail" ("dedupe_key")`);
    await q.query(`CREATE INDEX "outgoing_mail_due_idx" ON "outgoing_mail" ("next_attempt_at") WHERE status = 'pending'`);
    await q.query(`CREATE INDEX "outgoing_mail_claimed_idx" ON "outgoing_mail" ("claimed_at") WHERE status = 'sending'`);
    await q.query(`CREATE INDEX "outgoing_mail_broadcast_idx" ON "outgoing_mail" ("broadcast_id", "status") WHERE broadcast_id IS NOT NULL`);
    await q.query(`CREATE INDEX "outgoing_mail_account_idx" ON "outgoing_mail" ("account_id")`);
    await q.query(`CREATE INDEX "outgoing_mail_finished_idx" ON "outgoing_mail" ("finished_at") WHERE finished_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "outgoing_mail"`);
    await q.query(`DROP TABLE "broadcast"`);
    await q.query(`DROP TABLE "recipient_consent"`);
    await q.query(`DROP TABLE "recipient"`);
  }
}
