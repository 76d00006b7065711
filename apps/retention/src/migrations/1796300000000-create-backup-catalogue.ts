import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The backup catalogue (R14): one row per backup and one per dumped database, ids, times, sizes
 * and checksums only. Generated from the entities; the schema-drift test keeps them equal.
 */
export class CreateBackupCatalogue1796300000000 implements MigrationInterface {
  name = 'CreateBackupCatalogue1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "backup" ("id" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(10) NOT NULL, "error" character varying(500),
      "deleted_at" TIMESTAMP WITH TIME ZONE, "requested_by" uuid, CONSTRAINT "PK_a36efb941271c1c6cbbbcbd057d" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "backup_expiry_idx" ON "backup" ("expires_at") WHERE status IN ('running', 'completed')`);
    await q.query(`CREATE INDEX "backup_started_idx" ON "backup" ("started_at")`);
    await q.query(`CREATE TABLE "backup_database" ("backup_id" uuid NOT NULL, "name" character varying(50) NOT NULL, "bytes" bigint NOT NULL,
      "sha256" character varying(64) NOT NULL, CONSTRAINT "PK_bd723a48680766c77b3bb2eb8d9" PRIMARY KEY ("backup_id", "name"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "backup_database"`);
    await q.query(`DROP TABLE "backup"`);
  }
}
