import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Second factors: authenticator apps (TOTP), recovery codes, and where each session stands with them. */
export class AddSecondFactors1764310000000 implements MigrationInterface {
  name = 'AddSecondFactors1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "session" ADD "second_factor" character varying(8) NOT NULL DEFAULT 'none'`);
    await q.query(`CREATE TABLE "totp_credential" ("account_id" uuid NOT NULL, "secret" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "confirmed_at" TIMESTAMP WITH TIME ZONE, "last_used_step" bigint, CONSTRAINT "PK_TOTP" PRIMARY KEY ("account_id"))`);
    await q.query(`CREATE TABLE "recovery_code" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "code_hash" bytea NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_RECOVERY" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_recovery_code_account" ON "recovery_code" ("account_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_recovery_code_account"`);
    await q.query(`DROP TABLE "recovery_code"`);
    await q.query(`DROP TABLE "totp_credential"`);
    await q.query(`ALTER TABLE "session" DROP COLUMN "second_factor"`);
  }
}
