import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';
import type { ConsentMethod, ConsentPurpose } from './consent-ledger';

const LEDGER = {
  purpose: 'proof of consent and of its withdrawal (R9, GDPR Art. 7(1))',
  retention: 'while the account exists; deleted with the account at erasure',
  onErasure: 'erase',
} as const;

/**
 * The consent ledger (R9): one row per grant or withdrawal, appended, never updated (a trigger
 * refuses UPDATE). `sequence` orders one person's records; the current state of a purpose is its
 * record with the highest sequence. Erasure deletes a closed account's rows: they are personal
 * data, and once the account is gone nothing remains to prove consent for.
 */
@Entity({ name: 'consent_record' })
// Also the index for reading one person's ledger (account_id leads).
@Unique('UQ_consent_record_account_sequence', ['accountId', 'sequence'])
export class ConsentRecord {
  @NotPersonalData('random record id')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @DataSubjectId()
  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @NotPersonalData("the record's place in the person's ledger")
  @Column({ type: 'integer' })
  sequence!: number;

  @NotPersonalData('consent purpose name')
  @Column({ type: 'varchar', length: 32 })
  purpose!: ConsentPurpose;

  @PersonalData(LEDGER)
  @Column({ type: 'boolean' })
  granted!: boolean;

  @PersonalData(LEDGER)
  @Column({ type: 'varchar', length: 32 })
  method!: ConsentMethod;

  @NotPersonalData('public policy version label')
  @Column({ name: 'policy_version', type: 'varchar', length: 50 })
  policyVersion!: string;

  @NotPersonalData('SHA-256 of the public policy text')
  @Column({ name: 'policy_sha256', type: 'char', length: 64 })
  policySha256!: string;

  @PersonalData(LEDGER)
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
