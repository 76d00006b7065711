import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An erasure case is a person's (an account closed) or a tenant's (an organisation deleted by its
 * owner, docs/tenancy.md). Every case opened so far was a person's.
 */
export class TenantErasureCases1797100000000 implements MigrationInterface {
  name = 'TenantErasureCases1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "erasure_case" ADD "kind" character varying(10) NOT NULL DEFAULT 'person'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "erasure_case" DROP COLUMN "kind"`);
  }
}
