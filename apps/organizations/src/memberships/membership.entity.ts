import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { OrgRole } from '@sargs/contracts';
import { DataSubjectId, NotPersonalData, PersonalData, TenantId } from '@sargs/platform/privacy';

/**
 * Who may act for an organisation, and as what. Tenant data (the organisation's export and
 * deletion take it) that is also about a person: their own erasure deletes their memberships,
 * which row-level security admits to a transaction scoped to that account (`app.account_id`).
 */
@Entity({ name: 'org_membership' })
@Index('org_membership_account_idx', ['accountId'])
export class OrgMembership {
  @TenantId()
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @DataSubjectId()
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @PersonalData({ purpose: 'who may act for the organisation, and with which rights', retention: 'while the person is a member', onErasure: 'erase' })
  @Column({ type: 'varchar', length: 8 })
  role!: OrgRole;

  @NotPersonalData('bookkeeping time of the row')
  @Column({ name: 'joined_at', type: 'timestamptz' })
  joinedAt!: Date;
}
