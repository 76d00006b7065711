import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An export is a person's (R11) or an organisation's (docs/tenancy.md); every export so far was a person's. */
export class TenantExports1797100001000 implements MigrationInterface {
  name = 'TenantExports1797100001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "export_job" ADD "kind" character varying(10) NOT NULL DEFAULT 'person'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "export_job" DROP COLUMN "kind"`);
  }
}
