import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations' data-subject requests and the services' answers (data-subject-requests/), with
 * the organisation as subject (`subject_id`), as retention's tenant exports and erasure cases.
 *
 * - `data_subject_request_list_idx` (subject_id, requested_at, id): one organisation's list, page after page.
 * - `data_subject_request_hash_idx` (subject_id, email_hash): the list by address.
 * - `data_subject_request_open_idx` / `_result_idx`: the sweep's two scans.
 */
export class CreateDataSubjectRequests1797100002000 implements MigrationInterface {
  name = 'CreateDataSubjectRequests1797100002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "data_subject_request" (
      "id" uuid NOT NULL,
      "subject_id" uuid NOT NULL,
      "type" character varying(10) NOT NULL,
      "email" character varying(254),
      "email_hash" character varying(80) NOT NULL,
      "status" character varying(10) NOT NULL DEFAULT 'pending',
      "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "completed_at" TIMESTAMP WITH TIME ZONE,
      "attempts" integer NOT NULL DEFAULT 0,
      "deadline_at" TIMESTAMP WITH TIME ZONE,
      "alerted_at" TIMESTAMP WITH TIME ZONE,
      "result_expires_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_data_subject_request" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "data_subject_request_list_idx" ON "data_subject_request" ("subject_id", "requested_at", "id")`);
    await q.query(`CREATE INDEX "data_subject_request_hash_idx" ON "data_subject_request" ("subject_id", "email_hash")`);
    await q.query(`CREATE INDEX "data_subject_request_open_idx" ON "data_subject_request" ("deadline_at") WHERE status = 'pending'`);
    await q.query(`CREATE INDEX "data_subject_request_result_idx" ON "data_subject_request" ("result_expires_at") WHERE result_expires_at IS NOT NULL`);
    await q.query(`CREATE TABLE "data_subject_answer" (
      "request_id" uuid NOT NULL,
      "service" character varying(50) NOT NULL,
      "subject_id" uuid NOT NULL,
      "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "tables" jsonb,
      "counts" jsonb NOT NULL,
      CONSTRAINT "PK_data_subject_answer" PRIMARY KEY ("request_id", "service"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "data_subject_answer"`);
    await q.query(`DROP TABLE "data_subject_request"`);
  }
}
