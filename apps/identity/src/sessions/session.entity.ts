import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SecondFactorStateName } from '@sargs/contracts';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

/**
 * A login session. The cookie holds a random token; only its SHA-256 is stored, so a database
 * leak yields no usable session. `id` is the public id shown in GET /sessions.
 */
@Entity({ name: 'session' })
@Index('IDX_session_account', ['accountId'])
export class Session {
  @NotPersonalData('random public session id')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Linked to the person through the row, and a credential's digest: never part of an export (R11). */
  @PersonalData({
    purpose: 'recognising the session cookie (only its SHA-256 is stored)',
    retention: 'until the session ends, then purged',
    onErasure: 'erase',
    exported: false,
  })
  @Column({ name: 'token_hash', type: 'bytea', unique: true })
  tokenHash!: Buffer;

  @DataSubjectId()
  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @NotPersonalData('session timestamp')
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Touched at most once a minute: idle timeout granularity, without a write per request. */
  @NotPersonalData('session timestamp')
  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  @NotPersonalData('absolute end of the session')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @NotPersonalData('session timestamp')
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** `pending` sessions can only complete the login or end (docs/api.md, "Second factor"). */
  @NotPersonalData('where the session stands with the second factor')
  @Column({ name: 'second_factor', type: 'varchar', length: 8, default: 'none' })
  secondFactor!: SecondFactorStateName;

  @PersonalData({
    purpose: 'letting the person recognise their sessions (R1 session metadata)',
    retention: 'until the session ends, then purged',
    onErasure: 'erase',
  })
  @Column({ name: 'user_agent', type: 'varchar', length: 256, nullable: true })
  userAgent!: string | null;
}
