import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's data exports (R11) and the sections the privacy participants send for them.
 * Generated from the entities; the schema-drift test keeps them equal.
 */
export class CreateExportTables1796200001000 implements MigrationInterface {
  name = 'CreateExportTables1796200001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "export_job" ("id" uuid NOT NULL, "subject_id" uuid NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending',
      "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ready_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE,
      "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2edcb6f1780d22e5a9f2f29f466" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "export_job_one_pending" ON "export_job" ("subject_id") WHERE status = 'pending'`);
    await q.query(`CREATE INDEX "export_job_subject_idx" ON "export_job" ("subject_id")`);
    await q.query(`CREATE INDEX "export_job_pending_idx" ON "export_job" ("requested_at") WHERE status = 'pending'`);
    await q.query(`CREATE INDEX "export_job_expires_idx" ON "export_job" ("expires_at") WHERE expires_at IS NOT NULL`);
    await q.query(`CREATE TABLE "export_section" ("export_id" uuid NOT NULL, "service" character varying(50) NOT NULL, "subject_id" uuid NOT NULL,
      "tables" jsonb NOT NULL, "generated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_835d6b86627ba7bf18ed60a0047" PRIMARY KEY ("export_id", "service"))`);
    await q.query(`CREATE INDEX "export_section_subject_idx" ON "export_section" ("subject_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "export_section"`);
    await q.query(`DROP TABLE "export_job"`);
  }
}
