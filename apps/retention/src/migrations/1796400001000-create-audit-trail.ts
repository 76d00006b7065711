import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (R27): entries hash-chained through one head row, and a trigger that keeps the
 * table append-only for everyone but a superuser who turns triggers off, whose changes the chain
 * then shows. An erasure may only replace a clear actor or subject with its pseudonym.
 */
export class CreateAuditTrail1796400001000 implements MigrationInterface {
  name = 'CreateAuditTrail1796400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "audit_chain_head" ("id" smallint NOT NULL, "seq" bigint NOT NULL, "hash" character varying(64) NOT NULL,
      CONSTRAINT "PK_9211408bf584034de409b1bbec5" PRIMARY KEY ("id"))`);
    await q.query(`INSERT INTO "audit_chain_head" ("id", "seq", "hash") VALUES (1, 0, repeat('0', 64))`);
    await q.query(`CREATE TABLE "audit_entry" ("seq" bigint NOT NULL, "id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" character varying(100), "action" character varying(40) NOT NULL,
      "category" character varying(10) NOT NULL, "subject" character varying(100), "reference" character varying(100),
      "service" character varying(40) NOT NULL, "roles" text array, "previous_hash" character varying(64) NOT NULL,
      "hash" character varying(64) NOT NULL, CONSTRAINT "PK_bb4ea39cbd1686232d5fdda3a01" PRIMARY KEY ("seq"))`);
    await q.query(`CREATE UNIQUE INDEX "audit_entry_id_key" ON "audit_entry" ("id")`);
    await q.query(`CREATE INDEX "audit_entry_subject_idx" ON "audit_entry" ("subject", "occurred_at", "seq")`);
    await q.query(`CREATE INDEX "audit_entry_action_idx" ON "audit_entry" ("action", "occurred_at", "seq")`);
    await q.query(`CREATE INDEX "audit_entry_actor_idx" ON "audit_entry" ("actor", "occurred_at", "seq")`);
    await q.query(`CREATE INDEX "audit_entry_time_idx" ON "audit_entry" ("occurred_at", "seq")`);
    await q.query(`CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
           AND (NEW.seq, NEW.id, NEW.occurred_at, NEW.recorded_at, NEW.action, NEW.category, NEW.service, NEW.previous_hash, NEW.hash)
               = (OLD.seq, OLD.id, OLD.occurred_at, OLD.recorded_at, OLD.action, OLD.category, OLD.service, OLD.previous_hash, OLD.hash)
           AND NEW.reference IS NOT DISTINCT FROM OLD.reference AND NEW.roles IS NOT DISTINCT FROM OLD.roles
           AND (NEW.actor IS NOT DISTINCT FROM OLD.actor OR (NEW.actor LIKE 'pseud:%' AND OLD.actor NOT LIKE 'pseud:%'))
           AND (NEW.subject IS NOT DISTINCT FROM OLD.subject OR (NEW.subject LIKE 'pseud:%' AND OLD.subject NOT LIKE 'pseud:%'))
        THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_entry is append-only: only an erasure may pseudonymise an actor or subject' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER "audit_entry_append_only" BEFORE UPDATE OR DELETE ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()`);
    await q.query(`CREATE TRIGGER "audit_entry_no_truncate" BEFORE TRUNCATE ON "audit_entry" FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_entry"`);
    await q.query(`DROP FUNCTION audit_entry_append_only()`);
    await q.query(`DROP TABLE "audit_chain_head"`);
  }
}
