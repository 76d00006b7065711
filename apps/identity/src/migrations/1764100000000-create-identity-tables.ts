import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, sessions, mailed tokens, throttle counters and the policy-version projection. */
export class CreateIdentityTables1764100000000 implements MigrationInterface {
  name = 'CreateIdentityTables1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "account" ("id" uuid NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL,
      "password_hash" character varying(512) NOT NULL, "language" character varying(2) NOT NULL, "roles" text array NOT NULL,
      "status" character varying(16) NOT NULL DEFAULT 'active', "email_verified_at" TIMESTAMP WITH TIME ZONE,
      "password_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "closed_at" TIMESTAMP WITH TIME ZONE, "closure_case_id" uuid,
      CONSTRAINT "UQ_4c8f96ccf523e9a3faefd5bdd4c" UNIQUE ("email"), CONSTRAINT "PK_54115ee388cdb6d86bb4bf5b2ea" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "known_policy_version" ("version" character varying(50) NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_2daf9c472aa8aeed3caaa5d76d4" PRIMARY KEY ("version"))`);
    await q.query(`CREATE TABLE "session" ("id" uuid NOT NULL, "token_hash" bytea NOT NULL, "account_id" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "revoked_at" TIMESTAMP WITH TIME ZONE, "user_agent" character varying(256),
      CONSTRAINT "UQ_a83507eb0338ac037780e02f2b9" UNIQUE ("token_hash"), CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_session_account" ON "session" ("account_id")`);
    await q.query(`CREATE TABLE "throttle_counter" ("key" bytea NOT NULL, "scope" character varying(32) NOT NULL, "count" integer NOT NULL,
      "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_6c37574c846e53476e0aa448e52" PRIMARY KEY ("key"))`);
    await q.query(`CREATE TABLE "account_token" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "purpose" character varying(32) NOT NULL,
      "token_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "UQ_afb41d941d437f47a0d75373f88" UNIQUE ("token_hash"), CONSTRAINT "PK_a55842d3341d42534e39f85e931" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_account_token_account" ON "account_token" ("account_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_account_token_account"`);
    await q.query(`DROP TABLE "account_token"`);
    await q.query(`DROP TABLE "throttle_counter"`);
    await q.query(`DROP INDEX "public"."IDX_session_account"`);
    await q.query(`DROP TABLE "session"`);
    await q.query(`DROP TABLE "known_policy_version"`);
    await q.query(`DROP TABLE "account"`);
  }
}
