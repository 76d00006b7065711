import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The queue of mail requests (sign-up, resend, reset) that the worker processes off the request path. */
export class AddMailRequest1764330000000 implements MigrationInterface {
  name = 'AddMailRequest1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "mail_request" ("id" BIGSERIAL NOT NULL, "kind" character varying(16) NOT NULL, "account_id" uuid, "sealed" jsonb NOT NULL,
      "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attempts" integer NOT NULL DEFAULT 0,
      CONSTRAINT "PK_eb723447a0e4ca6779f0e711f4e" PRIMARY KEY ("id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "mail_request"`);
  }
}
