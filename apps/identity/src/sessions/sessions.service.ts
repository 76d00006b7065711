import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { RoleName } from '@sargs/contracts';
import type { AppConfig } from '../config/app-config';
import { toAccountView, type AccountRow, type AccountView } from '../accounts/account-view';
import { Session } from './session.entity';
import { SERVICE_CONFIG } from '@sargs/platform/service';

/**
 * How often last_seen_at is written: the idle timeout is exact to this, without a write per
 * request. A quarter of the idle timeout at most, so an active session never idles out.
 */
const touchIntervalMs = (idleTimeoutMs: number) => Math.min(60_000, Math.floor(idleTimeoutMs / 4));

export interface CreatedSession {
  token: string;
  session: { id: string; createdAt: string; expiresAt: string };
}

export interface ResolvedSession {
  sessionId: string;
  accountId: string;
  roles: RoleName[];
  account: AccountView;
}

export interface SessionListItem {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  current: boolean;
}

/** Opaque sessions with idle and absolute expiry; the database holds only token hashes. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(manager: EntityManager, accountId: string, userAgent: string | undefined): Promise<CreatedSession> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const session: Session = {
      id: randomUUID(),
      tokenHash: createHash('sha256').update(token).digest(),
      accountId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.SESSION_ABSOLUTE_LIFETIME_MS),
      revokedAt: null,
      userAgent: userAgent ? userAgent.slice(0, 256) : null,
    };
    await manager.insert(Session, session);
    return { token, session: { id: session.id, createdAt: now.toISOString(), expiresAt: session.expiresAt.toISOString() } };
  }

  /** The live session a token hash names (not revoked, not idle, not past its lifetime, account active). */
  async resolve(tokenHash: Buffer): Promise<ResolvedSession | null> {
    const rows: (AccountRow & { session_id: string; stale: boolean })[] = await this.dataSource.query(
      `SELECT s.id AS session_id, s.last_seen_at < now() - $3 * interval '1 millisecond' AS stale,
              a.id, a.email, a.roles, a.email_verified_at, a.created_at, a.password_changed_at
         FROM session s JOIN account a ON a.id = s.account_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - $2 * interval '1 millisecond' AND a.status = 'active'`,
      [tokenHash, this.config.SESSION_IDLE_TIMEOUT_MS, touchIntervalMs(this.config.SESSION_IDLE_TIMEOUT_MS)],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.stale) await this.dataSource.query('UPDATE session SET last_seen_at = now() WHERE id = $1', [row.session_id]);
    return { sessionId: row.session_id, accountId: row.id, roles: row.roles, account: toAccountView(row) };
  }

  async list(accountId: string, currentId: string | undefined): Promise<SessionListItem[]> {
    const sessions = await this.dataSource.query<
      { id: string; created_at: Date; last_seen_at: Date; expires_at: Date; user_agent: string | null }[]
    >(
      `SELECT id, created_at, last_seen_at, expires_at, user_agent FROM session
        WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > now()
          AND last_seen_at > now() - $2 * interval '1 millisecond'
        ORDER BY created_at DESC`,
      [accountId, this.config.SESSION_IDLE_TIMEOUT_MS],
    );
    return sessions.map((s) => ({
      id: s.id,
      createdAt: s.created_at.toISOString(),
      lastSeenAt: s.last_seen_at.toISOString(),
      expiresAt: s.expires_at.toISOString(),
      userAgent: s.user_agent,
      current: s.id === currentId,
    }));
  }

  /** Revokes one of the account's sessions; false when it has no such live session. */
  async revoke(accountId: string, sessionId: string): Promise<boolean> {
    const [, count]: [unknown[], number] = await this.dataSource.query(
      'UPDATE session SET revoked_at = now() WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL',
      [sessionId, accountId],
    );
    return count > 0;
  }

  /** Revokes every session of the account but `keepId`, inside the caller's transaction. */
  async revokeAll(manager: EntityManager, accountId: string, keepId?: string): Promise<void> {
    await manager.query(
      'UPDATE session SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2::uuid',
      [accountId, keepId ?? null],
    );
  }

  /** Deletes sessions that ended (expired, idle or revoked) a while ago (R21). */
  async purge(manager: EntityManager, olderThanMs: number): Promise<number> {
    const result: [unknown[], number] = await manager.query(
      `DELETE FROM session
        WHERE coalesce(revoked_at, least(expires_at, last_seen_at + $2 * interval '1 millisecond')) < now() - $1 * interval '1 millisecond'`,
      [olderThanMs, this.config.SESSION_IDLE_TIMEOUT_MS],
    );
    return result[1];
  }
}
