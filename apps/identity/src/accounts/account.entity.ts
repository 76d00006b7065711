import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';
import type { Language, RoleName } from '@sargs/contracts';

export type AccountStatus = 'active' | 'closed';

const WHILE_ACTIVE = 'while the account is active; erased when it is closed';

/** An account: the address and credential identity owns (docs/architecture.md). */
@Entity({ name: 'account' })
export class Account {
  @DataSubjectId()
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Normalised (trimmed, NFC, lower-case): one account per address, compared case-insensitively. */
  @PersonalData({ purpose: 'identification, login and transactional mail (R1, R16)', retention: WHILE_ACTIVE, onErasure: 'erase' })
  @Column({ type: 'varchar', length: 254, unique: true })
  email!: string;

  /** A copy of the name, only so the password policy can refuse passwords built from it (R5). */
  @PersonalData({ purpose: 'refusing passwords built from the person\'s name (R5)', retention: WHILE_ACTIVE, onErasure: 'erase' })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** A secret: never part of the person's export (R11). */
  @PersonalData({ purpose: 'authentication (argon2id hash, R4)', retention: WHILE_ACTIVE, onErasure: 'erase', exported: false })
  @Column({ name: 'password_hash', type: 'varchar', length: 512 })
  passwordHash!: string;

  @NotPersonalData('interface language code (lv or en) for identity\'s mail requests')
  @Column({ type: 'varchar', length: 2 })
  language!: Language;

  @NotPersonalData('role names granting access; no information about the person')
  @Column({ type: 'text', array: true })
  roles!: RoleName[];

  @NotPersonalData('account state: active or closed')
  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: AccountStatus;

  @NotPersonalData('timestamp of the address verification')
  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt!: Date | null;

  @NotPersonalData('timestamp shown on the account page (R5)')
  @Column({ name: 'password_changed_at', type: 'timestamptz' })
  passwordChangedAt!: Date;

  /**
   * One more at every credential change (password, address, roles, second factor), carried by the
   * ledger's AccountCredentialsChanged: a replay after a restore compares the two (docs/identity.md).
   */
  @NotPersonalData('counter of credential changes')
  @Column({ name: 'credential_version', type: 'integer', default: 0 })
  credentialVersion!: number;

  @NotPersonalData('timestamp of account creation')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @NotPersonalData('timestamp of the closure request')
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** The erasure case minted at closure; a repeated staff closure answers with the same one. */
  @NotPersonalData('erasure case id (random uuid)')
  @Column({ name: 'closure_case_id', type: 'uuid', nullable: true })
  closureCaseId!: string | null;
}
