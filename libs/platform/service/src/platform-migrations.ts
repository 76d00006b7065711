import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox, the inbox and the erased-ids list, in every service database. */
export class PlatformTables1764064800000 implements MigrationInterface {
  name = 'PlatformTables1764064800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "outbox_message" (
      "id" BIGSERIAL NOT NULL,
      "event_id" uuid NOT NULL,
      "topic" character varying(200) NOT NULL,
      "message_key" character varying(100) NOT NULL,
      "envelope" jsonb NOT NULL,
      "headers" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "sent_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "UQ_7f18a4003f825f44269f1693c31" UNIQUE ("event_id"),
      CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "outbox_message_unsent_idx" ON "outbox_message" ("id") WHERE sent_at IS NULL`);
    // Wakes the relay when rows are inserted: delivered at commit, dropped on rollback, and folded
    // into one notification per transaction however many events it publishes.
    await q.query(`CREATE FUNCTION "sargs_outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('sargs_outbox', ''); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER "outbox_message_notify" AFTER INSERT ON "outbox_message"
      FOR EACH STATEMENT EXECUTE FUNCTION "sargs_outbox_notify"()`);
    await q.query(`CREATE TABLE "inbox_record" (
      "event_id" uuid NOT NULL,
      "topic" character varying(200) NOT NULL,
      "event_type" character varying(100) NOT NULL,
      "outcome" character varying(20) NOT NULL,
      "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_dccc0cfb6ce964f0455c340b65c" PRIMARY KEY ("event_id"))`);
    await q.query(`CREATE INDEX "inbox_record_processed_at_idx" ON "inbox_record" ("processed_at")`);
    await q.query(`CREATE TABLE "erased_subject" (
      "subject_id" character varying(100) NOT NULL,
      "case_id" uuid NOT NULL,
      "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_214eae8157a9c5f7ccb04b7ec71" PRIMARY KEY ("subject_id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "erased_subject"`);
    await q.query(`DROP TABLE "inbox_record"`);
    await q.query(`DROP TABLE "outbox_message"`);
    await q.query(`DROP FUNCTION "sargs_outbox_notify"()`);
  }
}

/**
 * No NOTIFY inside publishing transactions: PostgreSQL holds one cluster-wide lock from a notifying
 * transaction's pre-commit until its commit is on disk, so the trigger made every publishing
 * commit (and its fsync) wait its turn. The relay is woken after the commit instead
 * (OutboxCommitHook in platform/messaging; docs/performance.md, "Event pipeline").
 */
export class OutboxWakeAfterCommit1797200000000 implements MigrationInterface {
  name = 'OutboxWakeAfterCommit1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "outbox_message_notify" ON "outbox_message"`);
    await q.query(`DROP FUNCTION "sargs_outbox_notify"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION "sargs_outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('sargs_outbox', ''); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER "outbox_message_notify" AFTER INSERT ON "outbox_message"
      FOR EACH STATEMENT EXECUTE FUNCTION "sargs_outbox_notify"()`);
  }
}

export const PLATFORM_MIGRATIONS = [PlatformTables1764064800000, OutboxWakeAfterCommit1797200000000];
