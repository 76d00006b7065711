import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SealedSecret } from '@sargs/contracts';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

/**
 * An account's authenticator app (RFC 6238). The shared secret must be readable to check codes,
 * so it is sealed (AES-256-GCM, the service's sealing key) rather than hashed: a database dump
 * alone does not yield it. Unconfirmed until the first code proves the app holds it.
 */
@Entity({ name: 'totp_credential' })
export class TotpCredential {
  @DataSubjectId()
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  /** A credential: never part of an export (R11). */
  @PersonalData({
    purpose: 'checking the codes of the owner’s authenticator app (second factor)',
    retention: 'until the owner removes it or the account is erased',
    onErasure: 'erase',
    exported: false,
  })
  @Column({ type: 'jsonb' })
  secret!: SealedSecret;

  @NotPersonalData('credential timestamp')
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @NotPersonalData('credential timestamp; null until the first code confirms it')
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  /** The last 30 s step a code was accepted for: a code works once (RFC 6238 section 5.2). */
  @NotPersonalData('replay guard: a time step number')
  @Column({ name: 'last_used_step', type: 'bigint', nullable: true })
  lastUsedStep!: string | null;
}
