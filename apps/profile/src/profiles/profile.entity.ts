import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Language } from '@sargs/contracts';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

const WHILE_ACTIVE = 'while the account is active';

/**
 * One account's profile. Every personal column is `erase`, so erasure deletes the whole row
 * (libs/platform/privacy, personal-data-eraser.ts).
 */
@Entity({ name: 'profile' })
export class Profile {
  @DataSubjectId()
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @PersonalData({ purpose: 'addressing the person', retention: WHILE_ACTIVE, onErasure: 'erase' })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** A projection of identity's address, which identity owns; shown on the person's profile. */
  @PersonalData({ purpose: 'showing the person the address their account uses', retention: WHILE_ACTIVE, onErasure: 'erase' })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  // A preference of an identified person is still information about them, so it is declared too.
  @PersonalData({ purpose: 'speaking to the person in their language', retention: WHILE_ACTIVE, onErasure: 'erase' })
  @Column({ type: 'varchar', length: 2 })
  language!: Language;

  @NotPersonalData('bookkeeping time of the row, says nothing about the person beyond the row itself')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @NotPersonalData('bookkeeping time of the last change to the row')
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
