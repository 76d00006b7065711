import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff lists of incidents and campaigns (GET /admin/incidents, /admin/campaigns), newest first:
 * one index range scan per page. Creation times are kept to the millisecond from now on (the
 * page cursor carries milliseconds); older rows are rounded down the same way, so a cursor never
 * falls between two rows of one millisecond.
 */
export class IndexBroadcastList1796400003000 implements MigrationInterface {
  name = 'IndexBroadcastList1796400003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "broadcast" SET "created_at" = date_trunc('milliseconds', "created_at")`);
    await q.query(`CREATE INDEX "broadcast_list_idx" ON "broadcast" ("kind", "created_at", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "broadcast_list_idx"`);
  }
}
