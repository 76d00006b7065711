import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';
import type { Language } from '@sargs/contracts';

/**
 * That a person accepted a policy version, and which text (language, SHA-256) they were shown:
 * kept apart from the consent ledger because accepting the policy is not a consent purpose that
 * can be withdrawn. Insert-only.
 */
@Entity({ name: 'policy_acceptance' })
export class PolicyAcceptance {
  @DataSubjectId()
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @NotPersonalData('public policy version label')
  @PrimaryColumn({ name: 'policy_version', type: 'varchar', length: 50 })
  policyVersion!: string;

  @NotPersonalData('language code of the text shown')
  @Column({ type: 'varchar', length: 2 })
  language!: Language;

  @NotPersonalData('SHA-256 of the public policy text')
  @Column({ name: 'policy_sha256', type: 'char', length: 64 })
  policySha256!: string;

  @PersonalData({ purpose: 'proof that the person accepted the policy at sign-up (R9, R25)', retention: 'while the account exists', onErasure: 'erase' })
  @Column({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt!: Date;
}
