import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Language, RoleName, SecondFactorStateName } from '@sargs/contracts';
import { SERVICE_CONFIG } from '@sargs/platform/service';
import { toAccountView, type AccountView } from '../accounts/account-view';
import type { AppConfig } from '../config/app-config';
import type { Session } from './session.entity';
import { SessionRepository } from './session.repository';

/**
 * How often last_seen_at is written: the idle timeout is exact to this, without a write per
 * request. A quarter of the idle timeout at most, so an active session never idles out.
 */
const touchIntervalMs = (idleTimeoutMs: number) => Math.min(60_000, Math.floor(idleTimeoutMs / 4));

export interface CreatedSession {
  token: string;
  session: { id: string; createdAt: string; expiresAt: string; mfaRequired: boolean };
}

export interface ResolvedSession {
  sessionId: string;
  accountId: string;
  roles: RoleName[];
  secondFactor: SecondFactorStateName;
  account: AccountView;
  /** How long the gateway may reuse this answer (contracts' resolvedSession). */
  freshForMs: number;
  /** identity's copy of the name and language, for GET /me. */
  profile: { name: string; language: Language };
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
    private readonly sessions: SessionRepository,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A new session. `secondFactor: 'pending'` (the account has one and it is not given yet) makes
   * a session that can only complete the login or end, and ends soon if it does neither.
   */
  async create(manager: EntityManager, accountId: string, userAgent: string | undefined, secondFactor: SecondFactorStateName = 'none'): Promise<CreatedSession> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const lifetimeMs = secondFactor === 'pending' ? this.config.SECOND_FACTOR_PENDING_MS : this.config.SESSION_ABSOLUTE_LIFETIME_MS;
    const session: Session = {
      id: randomUUID(),
      tokenHash: createHash('sha256').update(token).digest(),
      accountId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + lifetimeMs),
      revokedAt: null,
      secondFactor,
      userAgent: userAgent ? userAgent.slice(0, 256) : null,
    };
    await this.sessions.insert(manager, session);
    return {
      token,
      session: { id: session.id, createdAt: now.toISOString(), expiresAt: session.expiresAt.toISOString(), mfaRequired: secondFactor === 'pending' },
    };
  }

  /** The live session a token hash names (not revoked, not idle, not past its lifetime, account active). */
  async resolve(tokenHash: Buffer): Promise<ResolvedSession | null> {
    const idleMs = this.config.SESSION_IDLE_TIMEOUT_MS;
    const touchMs = touchIntervalMs(idleMs);
    const row = await this.sessions.findLive(tokenHash, idleMs, touchMs);
    if (!row) return null;
    if (row.stale) await this.sessions.touch(row.session_id);
    // Reused no longer than one touch interval, so the idle clock still moves while it is reused.
    const freshForMs = Math.max(0, Math.min(touchMs, Number(row.ms_left)));
    return { sessionId: row.session_id, accountId: row.id, roles: row.roles, secondFactor: row.second_factor, account: toAccountView(row), freshForMs, profile: { name: row.name, language: row.language } };
  }

  /** The pending session has given its second factor; false when it is not a live, unfinished session of the account. */
  completeSecondFactor(manager: EntityManager, accountId: string, sessionId: string): Promise<boolean> {
    return this.sessions.completeSecondFactor(manager, accountId, sessionId, this.config.SESSION_ABSOLUTE_LIFETIME_MS);
  }

  secondFactorOf(accountId: string, sessionId: string): Promise<SecondFactorStateName | undefined> {
    return this.sessions.secondFactorOf(accountId, sessionId);
  }

  async list(accountId: string, currentId: string | undefined): Promise<SessionListItem[]> {
    const sessions = await this.sessions.listLive(accountId, this.config.SESSION_IDLE_TIMEOUT_MS);
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
    return this.sessions.revoke(accountId, sessionId);
  }

  /** Revokes every session of the account but `keepId`, inside the caller's transaction. */
  async revokeAll(manager: EntityManager, accountId: string, keepId?: string): Promise<void> {
    await this.sessions.revokeAllBut(manager, accountId, keepId ?? null);
  }

  /** Deletes sessions that ended (expired, idle or revoked) a while ago (R21). */
  async purge(manager: EntityManager, olderThanMs: number): Promise<number> {
    return this.sessions.deleteEnded(manager, olderThanMs, this.config.SESSION_IDLE_TIMEOUT_MS);
  }
}
