import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Erasure cases (the ledger: ids and times only), participants' answers and legal holds. */
export class CreateErasureTables1796200000000 implements MigrationInterface {
  name = 'CreateErasureTables1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "erasure_case" ("case_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "subject_ref" character varying(80) NOT NULL,
      "requested_by" character varying(10) NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(12) NOT NULL,
      "attempts" integer NOT NULL DEFAULT '0', "erasure_requested_at" TIMESTAMP WITH TIME ZONE, "deadline_at" TIMESTAMP WITH TIME ZONE,
      "completed_at" TIMESTAMP WITH TIME ZONE, "backups_expire_by" TIMESTAMP WITH TIME ZONE, "alerted_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_dfe03dc4a666b8325e2bf638e70" PRIMARY KEY ("case_id"))`);
    await q.query(`CREATE INDEX "erasure_case_subject_idx" ON "erasure_case" ("subject_id")`);
    await q.query(`CREATE INDEX "erasure_case_open_idx" ON "erasure_case" ("deadline_at") WHERE status IN ('pending', 'failed')`);
    await q.query(`CREATE TABLE "erasure_answer" ("case_id" uuid NOT NULL, "service" character varying(50) NOT NULL,
      "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL, "counts" jsonb NOT NULL,
      CONSTRAINT "PK_c818232442b86e73530eab3a108" PRIMARY KEY ("case_id", "service"))`);
    await q.query(`CREATE TABLE "legal_hold" ("id" uuid NOT NULL, "account_id" uuid NOT NULL, "reason" character varying(500) NOT NULL,
      "until" TIMESTAMP WITH TIME ZONE, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "released_at" TIMESTAMP WITH TIME ZONE, "released_by" uuid, CONSTRAINT "PK_edcd499db1f1c67a56c565c5e64" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "legal_hold_active_idx" ON "legal_hold" ("account_id") WHERE released_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "legal_hold"`);
    await q.query(`DROP TABLE "erasure_answer"`);
    await q.query(`DROP TABLE "erasure_case"`);
  }
}
