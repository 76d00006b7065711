import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Language } from '@sargs/contracts';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

const WHILE_ACTIVE = 'while the account is active';

/**
 * A copy of an account's address (identity's AccountRegistered, AccountEmailChanged) and name and
 * language (profile's ProfileChanged): the member list shows them, an invitation is accepted only
 * by the invited address, and an invitation mail speaks the inviter's language. Columns are null
 * until the event that carries them has arrived.
 */
@Entity({ name: 'member_account' })
export class MemberAccount {
  @DataSubjectId()
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  // A copy of identity's, which exports it.
  @PersonalData({ purpose: 'showing members to each other; matching an invitation to its address', retention: WHILE_ACTIVE, onErasure: 'erase', exported: false })
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  // A copy of profile's, which exports it.
  @PersonalData({ purpose: 'showing members to each other', retention: WHILE_ACTIVE, onErasure: 'erase', exported: false })
  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @PersonalData({ purpose: 'writing invitations in the inviter\'s language', retention: WHILE_ACTIVE, onErasure: 'erase', exported: false })
  @Column({ type: 'varchar', length: 2, nullable: true })
  language!: Language | null;

  /** ProfileChanged may overtake AccountRegistered (two topics): the newer name wins. */
  @NotPersonalData('time of the profile change the name is from')
  @Column({ name: 'profile_changed_at', type: 'timestamptz', nullable: true })
  profileChangedAt!: Date | null;
}
