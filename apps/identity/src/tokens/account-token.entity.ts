import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

export type TokenPurpose = 'verify-email' | 'reset-password' | 'change-email';

/** A single-use mailed token; only its SHA-256 is stored (R6). */
@Entity({ name: 'account_token' })
@Index('IDX_account_token_account', ['accountId'])
export class AccountToken {
  @NotPersonalData('random row id')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @DataSubjectId()
  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @NotPersonalData('what the token is for')
  @Column({ type: 'varchar', length: 32 })
  purpose!: TokenPurpose;

  /** The digest of a mailed credential: never part of an export (R11). */
  @PersonalData({
    purpose: 'recognising a mailed single-use token (only its SHA-256 is stored, R6)',
    retention: 'until the token is used or expires, then a day (R21)',
    onErasure: 'erase',
    exported: false,
  })
  @Column({ name: 'token_hash', type: 'bytea', unique: true })
  tokenHash!: Buffer;

  @NotPersonalData('token timestamp')
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @NotPersonalData('token timestamp')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @NotPersonalData('token timestamp; set when used or superseded')
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  /** `change-email` only: the address the token confirms; it becomes the account's on confirmation. */
  @PersonalData({
    purpose: 'confirming a requested change of the e-mail address (R10)',
    retention: 'until the token is used or expires, then a day (R21)',
    onErasure: 'erase',
  })
  @Column({ name: 'new_email', type: 'varchar', length: 254, nullable: true })
  newEmail!: string | null;
}
