import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Language, RoleName } from '@sargs/contracts';
import { SECOND_FACTOR_SUMMARY_SQL } from '../second-factor/second-factor-summary';

export interface StaffAccountRow {
  id: string;
  email: string;
  name: string;
  status: 'active' | 'closed';
  roles: RoleName[];
  email_verified_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
}

export interface LoginCredentials {
  id: string;
  password_hash: string;
  status: string;
  email_verified_at: Date | null;
  /** A second factor is switched on: the login's session waits for it. */
  secondFactor: boolean;
}

/** The advisory lock key of admin role changes and admin closures. */
const ADMIN_CHANGE_LOCK_KEY = 727_011;

const STAFF_ACCOUNT_COLUMNS = 'id, email, name, status, roles, email_verified_at, created_at, closed_at';

export interface NewAccount {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  language: Language;
  roles: readonly RoleName[];
  /** Set for an account whose address needs no verification (the bootstrap admin). */
  verifiedAt: Date | null;
  createdAt: Date;
}

/**
 * Every statement on the account table. Methods that take a manager run in the caller's
 * transaction; `lock…` methods take the row lock (FOR UPDATE) the caller's change relies on.
 */
@Injectable()
export class AccountRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** False when the address is taken: ON CONFLICT rather than a lookup first, so two sign-ups racing for one address cannot both win. */
  async insert(manager: EntityManager, account: NewAccount): Promise<boolean> {
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO account (id, email, name, password_hash, language, roles, status, email_verified_at, password_changed_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $8)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [account.id, account.email, account.name, account.passwordHash, account.language, account.roles, account.verifiedAt, account.createdAt],
    );
    return inserted.length > 0;
  }

  /** Adds roles to the account with this address (its others stay), sorted. */
  /**
   * Adds roles to the active, verified account with this address; false when there is none. An
   * unverified account proves nothing about who holds the address, so it is never promoted.
   */
  async addRolesToVerified(manager: EntityManager, email: string, roles: readonly RoleName[]): Promise<boolean> {
    const result: [unknown[], number] = await manager.query(
      `UPDATE account SET roles = ARRAY(SELECT DISTINCT unnest(roles || $2::text[]) ORDER BY 1)
        WHERE email = $1 AND status = 'active' AND email_verified_at IS NOT NULL`,
      [email, roles],
    );
    return result[1] === 1;
  }

  /**
   * What a login checks, by address, in one statement: the hash, the account's state, and whether it has a
   * second factor switched on (an app or a passkey), which decides if the session waits for one.
   */
  async credentialsByEmail(email: string): Promise<LoginCredentials | undefined> {
    const rows: (Omit<LoginCredentials, 'secondFactor'> & { totp: boolean; passkeys: number })[] = await this.dataSource.query(
      `SELECT a.id, a.password_hash, a.status, a.email_verified_at, ${SECOND_FACTOR_SUMMARY_SQL} FROM account a WHERE a.email = $1`,
      [email],
    );
    const row = rows[0];
    if (!row) return undefined;
    const { totp, passkeys, ...credentials } = row;
    return { ...credentials, secondFactor: totp || Number(passkeys) > 0 };
  }

  /** An active account's address, name and hash: what a password re-entry checks. */
  async activeCredentials(accountId: string): Promise<{ email: string; name: string; password_hash: string } | undefined> {
    const rows: { email: string; name: string; password_hash: string }[] = await this.dataSource.query(
      `SELECT email, name, password_hash FROM account WHERE id = $1 AND status = 'active'`,
      [accountId],
    );
    return rows[0];
  }

  /** A new hash for the same password (the configured cost was raised); the change date stays. */
  /**
   * Replaces a hash with a stronger one of the same password, only if it is still `oldHash`: a
   * password changed or reset while the login was hashing keeps its new hash (compare-and-set).
   */
  async rehash(accountId: string, oldHash: string, hash: string): Promise<boolean> {
    const result: [unknown[], number] = await this.dataSource.query('UPDATE account SET password_hash = $3 WHERE id = $1 AND password_hash = $2', [accountId, oldHash, hash]);
    return result[1] === 1;
  }

  /** A new password; its change time. */
  async setPassword(manager: EntityManager, accountId: string, hash: string): Promise<Date> {
    const rows: [{ password_changed_at: Date }[], number] = await manager.query(
      'UPDATE account SET password_hash = $2, password_changed_at = now() WHERE id = $1 RETURNING password_changed_at',
      [accountId, hash],
    );
    return rows[0][0].password_changed_at;
  }

  /** Marks an active account's address verified (once); its verification time, or undefined when no active account has this id. */
  async markVerified(manager: EntityManager, accountId: string): Promise<Date | undefined> {
    const verified: [{ email_verified_at: Date }[], number] = await manager.query(
      `UPDATE account SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1 AND status = 'active' RETURNING email_verified_at`,
      [accountId],
    );
    return verified[0][0]?.email_verified_at;
  }

  /** The active account with this address, locked; only an unverified one with `unverifiedOnly`. */
  async lockActiveByEmail(manager: EntityManager, email: string, options: { unverifiedOnly?: boolean } = {}): Promise<{ id: string; language: Language } | undefined> {
    const rows: { id: string; language: Language }[] = await manager.query(
      `SELECT id, language FROM account WHERE email = $1 AND status = 'active' ${options.unverifiedOnly ? 'AND email_verified_at IS NULL' : ''} FOR UPDATE`,
      [email],
    );
    return rows[0];
  }

  /** The active account with this id, locked. */
  async lockActive(manager: EntityManager, accountId: string): Promise<{ email: string; name: string; language: Language } | undefined> {
    const rows: { email: string; name: string; language: Language }[] = await manager.query(
      `SELECT email, name, language FROM account WHERE id = $1 AND status = 'active' FOR UPDATE`,
      [accountId],
    );
    return rows[0];
  }

  async activeIdByEmail(manager: EntityManager, email: string): Promise<string | undefined> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM account WHERE email = $1 AND status = 'active'`, [email]);
    return rows[0]?.id;
  }

  /** Whether any account, active or closing, holds this address. */
  async emailTaken(manager: EntityManager, email: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM account WHERE email = $1', [email]);
    return rows.length > 0;
  }

  /** An active account's new, verified address: the change time; undefined when no active account has this id. The unique index refuses a taken address. */
  async changeEmail(manager: EntityManager, accountId: string, email: string): Promise<Date | undefined> {
    const updated: [{ email_verified_at: Date }[], number] = await manager.query(
      `UPDATE account SET email = $2, email_verified_at = now() WHERE id = $1 AND status = 'active' RETURNING email_verified_at`,
      [accountId, email],
    );
    return updated[0][0]?.email_verified_at;
  }

  /** A mailed link proved the address: verified, if it was not. */
  async verifyEmail(manager: EntityManager, accountId: string): Promise<void> {
    await manager.query('UPDATE account SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1', [accountId]);
  }

  /** The copies of what profile owns. */
  async setNameAndLanguage(manager: EntityManager, accountId: string, name: string, language: Language): Promise<void> {
    await manager.query('UPDATE account SET name = $2, language = $3 WHERE id = $1', [accountId, name, language]);
  }

  async rolesOf(manager: EntityManager, accountId: string): Promise<RoleName[] | undefined> {
    const [row]: { roles: RoleName[] }[] = await manager.query('SELECT roles FROM account WHERE id = $1', [accountId]);
    return row?.roles;
  }

  async lockRoles(manager: EntityManager, accountId: string): Promise<{ roles: RoleName[]; status: string } | undefined> {
    const rows: { roles: RoleName[]; status: string }[] = await manager.query('SELECT roles, status FROM account WHERE id = $1 FOR UPDATE', [accountId]);
    return rows[0];
  }

  async setRoles(manager: EntityManager, accountId: string, roles: readonly RoleName[]): Promise<void> {
    await manager.query('UPDATE account SET roles = $2 WHERE id = $1', [accountId, roles]);
  }

  /** Serialises everything that can take the last admin away (a transaction-scoped advisory lock). */
  async lockAdminChanges(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_CHANGE_LOCK_KEY]);
  }

  /** Active admins other than `accountId`. */
  async countOtherActiveAdmins(manager: EntityManager, accountId: string): Promise<number> {
    const others: { count: number }[] = await manager.query(`SELECT count(*)::int AS count FROM account WHERE status = 'active' AND 'admin' = ANY(roles) AND id <> $1`, [
      accountId,
    ]);
    return others[0].count;
  }

  async lockClosure(manager: EntityManager, accountId: string): Promise<{ status: string; closure_case_id: string | null } | undefined> {
    const rows: { status: string; closure_case_id: string | null }[] = await manager.query('SELECT status, closure_case_id FROM account WHERE id = $1 FOR UPDATE', [
      accountId,
    ]);
    return rows[0];
  }

  async close(manager: EntityManager, accountId: string, closedAt: Date, caseId: string): Promise<void> {
    await manager.query(`UPDATE account SET status = 'closed', closed_at = $2, closure_case_id = $3 WHERE id = $1`, [accountId, closedAt, caseId]);
  }

  /** One more credential change: the account's new credential version (0 when no row has this id). */
  async nextCredentialVersion(manager: EntityManager, accountId: string): Promise<number> {
    const rows: [{ credential_version: number }[], number] = await manager.query(
      'UPDATE account SET credential_version = credential_version + 1 WHERE id = $1 RETURNING credential_version',
      [accountId],
    );
    return rows[0][0]?.credential_version ?? 0;
  }

  /** What a ledger replay compares with the event, locked. */
  async lockForReplay(manager: EntityManager, accountId: string): Promise<{ status: string; credential_version: number } | undefined> {
    const rows: { status: string; credential_version: number }[] = await manager.query('SELECT status, credential_version FROM account WHERE id = $1 FOR UPDATE', [accountId]);
    return rows[0];
  }

  /**
   * A replayed credential change the restored row lacks: the password stops working (`unusable`
   * never verifies), so the old secret is not back; the version catches up with the ledger.
   */
  async disablePassword(manager: EntityManager, accountId: string, unusable: string, credentialVersion: number): Promise<void> {
    await manager.query('UPDATE account SET password_hash = $2, credential_version = $3 WHERE id = $1', [accountId, unusable, credentialVersion]);
  }

  /** A replayed role change the restored row lacks: the roles the ledger recorded. */
  async restoreRoles(manager: EntityManager, accountId: string, roles: readonly RoleName[], credentialVersion: number): Promise<void> {
    await manager.query('UPDATE account SET roles = $2, credential_version = $3 WHERE id = $1', [accountId, roles, credentialVersion]);
  }

  staffViewByEmail(manager: EntityManager, email: string): Promise<StaffAccountRow[]> {
    return manager.query(`SELECT ${STAFF_ACCOUNT_COLUMNS} FROM account WHERE email = $1`, [email]);
  }

  async staffView(manager: EntityManager, accountId: string): Promise<StaffAccountRow | undefined> {
    const rows: StaffAccountRow[] = await manager.query(`SELECT ${STAFF_ACCOUNT_COLUMNS} FROM account WHERE id = $1`, [accountId]);
    return rows[0];
  }

  /** When an erased account was erased: its row is gone, its id stays in erased_subject (R15). */
  async erasedAt(manager: EntityManager, accountId: string): Promise<Date | undefined> {
    const rows: { erased_at: Date }[] = await manager.query('SELECT erased_at FROM erased_subject WHERE subject_id = $1', [accountId]);
    return rows[0]?.erased_at;
  }
}
