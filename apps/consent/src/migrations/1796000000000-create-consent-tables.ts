import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Policy versions and texts (insert-only), the consent ledger (append-only), policy acceptances,
 * the account projection and sign-ups waiting for their policy version. Triggers make the
 * "never changed after insert" rule hold in the database, not only in code: policy documents
 * refuse UPDATE, DELETE and TRUNCATE; ledger and acceptance rows refuse UPDATE (erasure deletes
 * a closed account's rows, so DELETE stays possible there).
 */
export class CreateConsentTables1796000000000 implements MigrationInterface {
  name = 'CreateConsentTables1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "consent_account" ("account_id" uuid NOT NULL, "language" character varying(2) NOT NULL,
      "language_at" TIMESTAMP WITH TIME ZONE NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_8277ccc3f5a06f65c9eafe3f1ac" PRIMARY KEY ("account_id"))`);
    await q.query(`CREATE TABLE "consent_record" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "sequence" integer NOT NULL,
      "purpose" character varying(32) NOT NULL, "granted" boolean NOT NULL, "method" character varying(32) NOT NULL,
      "policy_version" character varying(50) NOT NULL, "policy_sha256" character(64) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "UQ_consent_record_account_sequence" UNIQUE ("account_id", "sequence"), CONSTRAINT "PK_b357c35aea3aa0be4647282324f" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "pending_signup" ("account_id" uuid NOT NULL, "policy_version" character varying(50) NOT NULL,
      "language" character varying(2) NOT NULL, "marketing_emails" boolean NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_dad4a8fb0b1b98639f4a9c1dbdf" PRIMARY KEY ("account_id"))`);
    await q.query(`CREATE TABLE "policy_acceptance" ("account_id" uuid NOT NULL, "policy_version" character varying(50) NOT NULL,
      "language" character varying(2) NOT NULL, "policy_sha256" character(64) NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_28bf7e16fe14b1b12caef1b7619" PRIMARY KEY ("account_id", "policy_version"))`);
    await q.query(`CREATE TABLE "policy_text" ("version" character varying(50) NOT NULL, "language" character varying(2) NOT NULL,
      "content" text NOT NULL, "sha256" character(64) NOT NULL, CONSTRAINT "PK_446de73184daf94b31031515e8c" PRIMARY KEY ("version", "language"))`);
    await q.query(`CREATE TABLE "policy_version" ("version" character varying(50) NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "published_by" uuid, CONSTRAINT "UQ_d1e1f677d55d0ea09d052880a0f" UNIQUE ("published_at"), CONSTRAINT "PK_825a6671fc6a44ccb03623f41ae" PRIMARY KEY ("version"))`);
    await q.query(`CREATE FUNCTION "consent_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is insert-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`);
    for (const table of ['policy_version', 'policy_text']) {
      await q.query(`CREATE TRIGGER "${table}_insert_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "consent_refuse_change"()`);
      await q.query(`CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "consent_refuse_change"()`);
    }
    for (const table of ['consent_record', 'policy_acceptance']) {
      await q.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "consent_refuse_change"()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "policy_version"`);
    await q.query(`DROP TABLE "policy_text"`);
    await q.query(`DROP TABLE "policy_acceptance"`);
    await q.query(`DROP TABLE "pending_signup"`);
    await q.query(`DROP TABLE "consent_record"`);
    await q.query(`DROP TABLE "consent_account"`);
    await q.query(`DROP FUNCTION "consent_refuse_change"()`);
  }
}
