import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The address an e-mail change token confirms (account_token.new_email, purpose `change-email`). */
export class AddEmailChangeAddress1764200000000 implements MigrationInterface {
  name = 'AddEmailChangeAddress1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "account_token" ADD "new_email" character varying(254)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "account_token" DROP COLUMN "new_email"`);
  }
}
