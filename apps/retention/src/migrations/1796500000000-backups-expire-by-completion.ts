import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A completed case with no backup taken before its completion kept `backups_expire_by` null. No
 * backup holds that person's data, so the date by which none does is the completion itself; the
 * cases completed so far get it too.
 */
export class BackupsExpireByCompletion1796500000000 implements MigrationInterface {
  name = 'BackupsExpireByCompletion1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "erasure_case" SET "backups_expire_by" = "completed_at" WHERE "status" = 'completed' AND "backups_expire_by" IS NULL`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the null it replaces meant the same date.
  }
}
