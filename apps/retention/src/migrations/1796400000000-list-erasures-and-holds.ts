import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff lists of erasure cases and legal holds (GET /admin/erasures, GET /admin/legal-holds),
 * newest first, and who closed an account on a staff closure.
 *
 * - `erasure_case_list_idx` (status, requested_at, case_id) serves both pages: a status filter is
 *   one range scan, the unfiltered page one short scan per status merged (a case has one of four).
 * - `legal_hold_account_idx` (account_id, created_at, id) replaces `legal_hold_active_idx`: it
 *   serves the account filter and the active-hold check alike (an account has few holds).
 * - `legal_hold_created_idx` (created_at, id) serves the unfiltered and `active=` pages.
 * Hold creation times are kept to the millisecond from now on (the page cursor carries
 * milliseconds); older rows are rounded down the same way, so a cursor never falls between two
 * rows of one millisecond. Closure request times already are (identity's ISO time).
 */
export class ListErasuresAndHolds1796400000000 implements MigrationInterface {
  name = 'ListErasuresAndHolds1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "erasure_case" ADD "requested_by_staff_id" uuid`);
    await q.query(`CREATE INDEX "erasure_case_list_idx" ON "erasure_case" ("status", "requested_at", "case_id")`);
    await q.query(`UPDATE "legal_hold" SET "created_at" = date_trunc('milliseconds', "created_at")`);
    await q.query(`DROP INDEX "legal_hold_active_idx"`);
    await q.query(`CREATE INDEX "legal_hold_account_idx" ON "legal_hold" ("account_id", "created_at", "id")`);
    await q.query(`CREATE INDEX "legal_hold_created_idx" ON "legal_hold" ("created_at", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "legal_hold_created_idx"`);
    await q.query(`DROP INDEX "legal_hold_account_idx"`);
    await q.query(`CREATE INDEX "legal_hold_active_idx" ON "legal_hold" ("account_id") WHERE released_at IS NULL`);
    await q.query(`DROP INDEX "erasure_case_list_idx"`);
    await q.query(`ALTER TABLE "erasure_case" DROP COLUMN "requested_by_staff_id"`);
  }
}
