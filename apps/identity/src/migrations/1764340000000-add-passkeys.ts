import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Passkeys (WebAuthn) and the challenges handed out for them. */
export class AddPasskeys1764340000000 implements MigrationInterface {
  name = 'AddPasskeys1764340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "passkey" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "credential_id" bytea NOT NULL, "public_key" bytea NOT NULL,
      "sign_count" bigint NOT NULL, "transports" jsonb NOT NULL, "name" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_passkey" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_passkey_account" ON "passkey" ("account_id")`);
    await q.query(`CREATE UNIQUE INDEX "UQ_passkey_credential" ON "passkey" ("credential_id")`);
    await q.query(`CREATE TABLE "passkey_challenge" ("id" uuid NOT NULL, "ceremony" character varying(16) NOT NULL, "challenge" character varying(64) NOT NULL,
      "account_id" uuid, "session_id" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_passkey_challenge" PRIMARY KEY ("id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "passkey_challenge"`);
    await q.query(`DROP INDEX "public"."UQ_passkey_credential"`);
    await q.query(`DROP INDEX "public"."IDX_passkey_account"`);
    await q.query(`DROP TABLE "passkey"`);
  }
}
