import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The profile table (profiles/profile.entity.ts); SQL as TypeORM's schema builder generates it. */
export class CreateProfile1795609600000 implements MigrationInterface {
  name = 'CreateProfile1795609600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "profile" (
      "account_id" uuid NOT NULL,
      "name" character varying(200) NOT NULL,
      "email" character varying(254) NOT NULL,
      "language" character varying(2) NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_a39874be76793f8a9be22dcf4df" PRIMARY KEY ("account_id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "profile"`);
  }
}
