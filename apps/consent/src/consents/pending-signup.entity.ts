import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';
import type { Language } from '@sargs/contracts';

/**
 * A sign-up whose accepted policy version consent does not (yet) hold, so the text the person saw
 * cannot be named by its SHA-256. Kept until that version is published, then recorded (see
 * docs/consent.md); never recorded against another version's text.
 */
@Entity({ name: 'pending_signup' })
export class PendingSignup {
  @DataSubjectId()
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @NotPersonalData('public policy version label')
  @Column({ name: 'policy_version', type: 'varchar', length: 50 })
  policyVersion!: string;

  @NotPersonalData('language code of the sign-up')
  @Column({ type: 'varchar', length: 2 })
  language!: Language;

  @PersonalData({ purpose: 'the marketing choice made at sign-up, until it can be recorded (R9)', retention: 'until recorded', onErasure: 'erase' })
  @Column({ name: 'marketing_emails', type: 'boolean' })
  marketingEmails!: boolean;

  @PersonalData({ purpose: 'time of the sign-up choice, until it can be recorded (R9)', retention: 'until recorded', onErasure: 'erase' })
  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;
}
