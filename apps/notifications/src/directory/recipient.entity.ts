import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Language } from '@sargs/contracts';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

/**
 * The recipient directory: notifications' own copy of who an account's mail goes to, built from
 * identity's and profile's events (it never calls another service). Each value carries the time
 * of the event it came from, so an older event arriving late never overwrites a newer one.
 */
@Entity({ name: 'recipient' })
@Index('recipient_active_idx', ['accountId'], { where: 'closed_at IS NULL AND email_verified AND email IS NOT NULL' })
// An organisation's invitation finds the invited address's account, if it has one.
@Index('recipient_email_idx', ['email'])
export class Recipient {
  @DataSubjectId()
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  /** Null until AccountRegistered arrives (a ProfileChanged may come first: another topic). */
  @PersonalData({ purpose: 'delivering the mail the policy promises (R16-R19)', retention: 'while the account exists', onErasure: 'erase' })
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @PersonalData({ purpose: "greeting and the To header's display name", retention: 'while the account exists', onErasure: 'erase' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @PersonalData({ purpose: 'writing mail in the language the person chose', retention: 'while the account exists', onErasure: 'erase' })
  @Column({ type: 'varchar', length: 2, default: 'en' })
  language!: Language;

  @NotPersonalData('whether the address was proven; broadcasts go only to proven addresses')
  @Column({ name: 'email_verified', type: 'boolean', default: false })
  emailVerified!: boolean;

  @NotPersonalData('timestamp of the sign-up; a policy notice skips accounts that accepted that version')
  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true })
  registeredAt!: Date | null;

  @NotPersonalData('timestamp of the address value')
  @Column({ name: 'email_at', type: 'timestamptz', nullable: true })
  emailAt!: Date | null;

  @NotPersonalData('timestamp of the name and language values')
  @Column({ name: 'profile_at', type: 'timestamptz', nullable: true })
  profileAt!: Date | null;

  /** Set when closure is requested: from then on nothing is sent (R13, R19). */
  @NotPersonalData('timestamp of the closure request')
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
