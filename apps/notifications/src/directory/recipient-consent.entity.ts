import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

/**
 * The consent projection: the latest ConsentChanged per person and purpose, by ledger sequence,
 * so records seen out of order still end in the ledger's last word. Marketing goes only to
 * `granted` (R18).
 */
@Entity({ name: 'recipient_consent' })
export class RecipientConsent {
  @DataSubjectId()
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @NotPersonalData('consent purpose name')
  @PrimaryColumn({ type: 'varchar', length: 40 })
  purpose!: string;

  @PersonalData({ purpose: 'sending marketing mail only to current opt-ins (R18)', retention: 'while the account exists', onErasure: 'erase' })
  @Column({ type: 'boolean' })
  granted!: boolean;

  @NotPersonalData("the record's place in the person's consent ledger")
  @Column({ type: 'integer' })
  sequence!: number;
}
