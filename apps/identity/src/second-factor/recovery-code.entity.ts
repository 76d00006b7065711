import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

/** One of an account's ten single-use recovery codes; only its SHA-256 is stored. */
@Entity({ name: 'recovery_code' })
@Index('IDX_recovery_code_account', ['accountId'])
export class RecoveryCode {
  @NotPersonalData('random row id')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @DataSubjectId()
  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  /** The digest of a credential: never part of an export (R11). 80 random bits make SHA-256 enough. */
  @PersonalData({
    purpose: 'recognising a recovery code for the second factor (only its SHA-256 is stored)',
    retention: 'until used, replaced or the second factor is removed',
    onErasure: 'erase',
    exported: false,
  })
  @Column({ name: 'code_hash', type: 'bytea' })
  codeHash!: Buffer;

  @NotPersonalData('credential timestamp')
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @NotPersonalData('credential timestamp; set when used')
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
