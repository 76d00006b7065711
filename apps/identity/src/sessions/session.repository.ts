import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Language, SecondFactorStateName } from '@sargs/contracts';
import type { AccountRow } from '../accounts/account-view';
import { SECOND_FACTOR_SUMMARY_SQL } from '../second-factor/second-factor-summary';
import { Session } from './session.entity';

/** A live session's row with its account's, as one lookup answers it. */
export type LiveSessionRow = AccountRow & {
  session_id: string;
  stale: boolean;
  second_factor: SecondFactorStateName;
  /** Milliseconds until the session's absolute expiry, by the database's clock. */
  ms_left: string;
  /** identity's copy of profile's name and language. */
  name: string;
  language: Language;
};

export interface SessionRow {
  id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  user_agent: string | null;
}

/**
 * Every statement on the session table. A session is live when it is not revoked, not past its
 * lifetime and not idle longer than `idleMs`; methods that take a manager run in the caller's
 * transaction.
 */
@Injectable()
export class SessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, session: Session): Promise<void> {
    await manager.insert(Session, session);
  }

  /**
   * The live session a token hash names, with its active account in the same query; `stale` says
   * whether last_seen_at is older than `touchMs` and should be written.
   */
  async findLive(tokenHash: Buffer, idleMs: number, touchMs: number): Promise<LiveSessionRow | undefined> {
    const rows: LiveSessionRow[] = await this.dataSource.query(
      `SELECT s.id AS session_id, s.last_seen_at < now() - $3 * interval '1 millisecond' AS stale, s.second_factor,
              floor(extract(epoch FROM s.expires_at - now()) * 1000)::bigint AS ms_left,
              a.id, a.email, a.name, a.language, a.roles, a.email_verified_at, a.created_at, a.password_changed_at, ${SECOND_FACTOR_SUMMARY_SQL}
         FROM session s JOIN account a ON a.id = s.account_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - $2 * interval '1 millisecond' AND a.status = 'active'`,
      [tokenHash, idleMs, touchMs],
    );
    return rows[0];
  }

  /**
   * The session has given its second factor: it may do everything from now on, and lives its
   * full lifetime from creation (a pending session's is short). False when it is not a live,
   * unfinished session of the account.
   */
  async completeSecondFactor(manager: EntityManager, accountId: string, sessionId: string, lifetimeMs: number): Promise<boolean> {
    const [, count]: [unknown[], number] = await manager.query(
      `UPDATE session SET second_factor = 'done', expires_at = created_at + $3 * interval '1 millisecond'
        WHERE id = $1 AND account_id = $2 AND second_factor <> 'done' AND revoked_at IS NULL AND expires_at > now()`,
      [sessionId, accountId, lifetimeMs],
    );
    return count > 0;
  }

  /** Where a live session of the account stands with the second factor; undefined when it is not live. */
  async secondFactorOf(accountId: string, sessionId: string): Promise<SecondFactorStateName | undefined> {
    const rows: { second_factor: SecondFactorStateName }[] = await this.dataSource.query(
      'SELECT second_factor FROM session WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL AND expires_at > now()',
      [sessionId, accountId],
    );
    return rows[0]?.second_factor;
  }

  async touch(sessionId: string): Promise<void> {
    await this.dataSource.query('UPDATE session SET last_seen_at = now() WHERE id = $1', [sessionId]);
  }

  /** The account's live sessions, newest first. */
  async listLive(accountId: string, idleMs: number): Promise<SessionRow[]> {
    return this.dataSource.query(
      `SELECT id, created_at, last_seen_at, expires_at, user_agent FROM session
        WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > now()
          AND last_seen_at > now() - $2 * interval '1 millisecond'
        ORDER BY created_at DESC`,
      [accountId, idleMs],
    );
  }

  /** False when the account has no such unrevoked session. */
  async revoke(accountId: string, sessionId: string): Promise<boolean> {
    const [, count]: [unknown[], number] = await this.dataSource.query(
      'UPDATE session SET revoked_at = now() WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL',
      [sessionId, accountId],
    );
    return count > 0;
  }

  async revokeAllBut(manager: EntityManager, accountId: string, keepId: string | null): Promise<void> {
    await manager.query(
      'UPDATE session SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2::uuid',
      [accountId, keepId],
    );
  }

  /** Deletes sessions that ended (expired, idle or revoked) more than `olderThanMs` ago; how many. */
  async deleteEnded(manager: EntityManager, olderThanMs: number, idleMs: number): Promise<number> {
    const result: [unknown[], number] = await manager.query(
      `DELETE FROM session
        WHERE coalesce(revoked_at, least(expires_at, last_seen_at + $2 * interval '1 millisecond')) < now() - $1 * interval '1 millisecond'`,
      [olderThanMs, idleMs],
    );
    return result[1];
  }
}
