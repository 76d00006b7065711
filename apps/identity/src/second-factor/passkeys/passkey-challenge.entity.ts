import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData } from '@sargs/platform/privacy';

/** What a challenge is for: making a passkey, a login without a password, or a login's second step. */
export type PasskeyCeremony = 'register' | 'login' | 'second-factor';

/**
 * A WebAuthn challenge the server handed out, kept until answered (deleted on first use) or
 * expired (a few minutes; the hourly purge deletes what was never answered). The client holds
 * only its random id. A login without a password has no account or session yet: its challenge is
 * bound to nothing but that id.
 */
@Entity({ name: 'passkey_challenge' })
export class PasskeyChallenge {
  @NotPersonalData('random id the client sends back with its answer')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @NotPersonalData('register, login or second-factor')
  @Column({ type: 'varchar', length: 16 })
  ceremony!: PasskeyCeremony;

  @NotPersonalData('32 random bytes, base64url: the value the authenticator signs')
  @Column({ type: 'varchar', length: 64 })
  challenge!: string;

  /** Null for a login without a password (nobody is known yet). */
  @DataSubjectId()
  @Column({ name: 'account_id', type: 'uuid', nullable: true })
  accountId!: string | null;

  @NotPersonalData('the session that asked (register, second-factor): only it may answer')
  @Column({ name: 'session_id', type: 'uuid', nullable: true })
  sessionId!: string | null;

  @NotPersonalData('expiry timestamp')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
