import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An organisation's export reads the audit entries that name it as their reference (its members, its invitations). */
export class IndexAuditReference1797100004000 implements MigrationInterface {
  name = 'IndexAuditReference1797100004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "audit_entry_reference_idx" ON "audit_entry" ("reference")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "audit_entry_reference_idx"`);
  }
}
