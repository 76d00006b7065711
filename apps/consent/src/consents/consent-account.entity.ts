import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';
import type { Language } from '@sargs/contracts';

/**
 * Consent's projection of an account (from AccountRegistered and ProfileChanged): the language
 * whose policy text a choice refers to. Its row is also what serialises one person's ledger
 * appends (SELECT ... FOR UPDATE).
 */
@Entity({ name: 'consent_account' })
export class ConsentAccount {
  @DataSubjectId()
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @PersonalData({ purpose: "choosing the policy text (lv or en) a person's consent refers to", retention: 'while the account exists', onErasure: 'erase' })
  @Column({ type: 'varchar', length: 2 })
  language!: Language;

  /** Time of the language's source event: an older ProfileChanged never overwrites a newer one. */
  @NotPersonalData('timestamp of the language value')
  @Column({ name: 'language_at', type: 'timestamptz' })
  languageAt!: Date;

  /** Null while only a ProfileChanged has arrived: consent has not seen the sign-up yet. */
  @NotPersonalData('timestamp of the sign-up')
  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true })
  registeredAt!: Date | null;
}
