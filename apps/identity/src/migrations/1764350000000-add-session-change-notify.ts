import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * NOTIFY sargs_session_change with the account id whenever something a session lookup answers
 * changes: the session ends or moves on (revoked, second factor given, deleted), or its account
 * changes (roles, address, status, password, erasure) or its second factors do. Gateways reuse
 * lookups only while they hear these (docs/performance.md). Delivered at commit, dropped on
 * rollback; the same account twice in one transaction is folded into one notification.
 * A touch of last_seen_at notifies nothing: it changes no answer.
 */
export class AddSessionChangeNotify1764350000000 implements MigrationInterface {
  name = 'AddSessionChangeNotify1764350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION "sargs_session_change_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('sargs_session_change', (CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END).account_id::text);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE FUNCTION "sargs_account_change_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('sargs_session_change', (CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END).id::text);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER "session_change_notify" AFTER UPDATE OF "revoked_at", "expires_at", "second_factor", "account_id" OR DELETE ON "session"
      FOR EACH ROW EXECUTE FUNCTION "sargs_session_change_notify"()`);
    await q.query(`CREATE TRIGGER "account_change_notify" AFTER UPDATE OR DELETE ON "account"
      FOR EACH ROW EXECUTE FUNCTION "sargs_account_change_notify"()`);
    await q.query(`CREATE TRIGGER "totp_credential_change_notify" AFTER INSERT OR UPDATE OR DELETE ON "totp_credential"
      FOR EACH ROW EXECUTE FUNCTION "sargs_session_change_notify"()`);
    await q.query(`CREATE TRIGGER "passkey_change_notify" AFTER INSERT OR DELETE ON "passkey"
      FOR EACH ROW EXECUTE FUNCTION "sargs_session_change_notify"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "passkey_change_notify" ON "passkey"`);
    await q.query(`DROP TRIGGER "totp_credential_change_notify" ON "totp_credential"`);
    await q.query(`DROP TRIGGER "account_change_notify" ON "account"`);
    await q.query(`DROP TRIGGER "session_change_notify" ON "session"`);
    await q.query(`DROP FUNCTION "sargs_account_change_notify"()`);
    await q.query(`DROP FUNCTION "sargs_session_change_notify"()`);
  }
}
