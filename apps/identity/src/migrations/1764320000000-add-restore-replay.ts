import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The credential version a ledger replay compares (account.credential_version), and the mark a
 * restore leaves while identity replays its ledgers (restore_replay). IF NOT EXISTS: the restore
 * tool creates the same table in a database restored from a backup older than this migration.
 */
export class AddRestoreReplay1764320000000 implements MigrationInterface {
  name = 'AddRestoreReplay1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "account" ADD "credential_version" integer NOT NULL DEFAULT 0`);
    await q.query(`CREATE TABLE IF NOT EXISTS "restore_replay" ("backup_id" uuid NOT NULL, "restored_at" TIMESTAMP WITH TIME ZONE NOT NULL, "targets" jsonb NOT NULL,
      CONSTRAINT "PK_588bf9d4a1364d1ded1e703eb3b" PRIMARY KEY ("backup_id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "restore_replay"`);
    await q.query(`ALTER TABLE "account" DROP COLUMN "credential_version"`);
  }
}
