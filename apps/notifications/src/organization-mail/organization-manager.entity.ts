import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

/**
 * Who owns and administers each organisation, kept from OrganizationMembershipChanged (events of
 * one organisation arrive in order): the people sub-processor notices (owners, GDPR Art. 28(2))
 * and an organisation's security incidents (owners and admins, Art. 33(2)) are mailed to. Plain
 * members are not kept. Not tenant data: Sargs' own record of whom to tell, read across
 * organisations by design (a notice goes to every owner), so no row-level security.
 */
@Entity({ name: 'organization_manager' })
@Index('organization_manager_account_idx', ['accountId'])
export class OrganizationManager {
  /** Named apart from `org_id`, the column of tenant tables (row-level secured, the organisation's data): this is not one. */
  @NotPersonalData('organisation id')
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @DataSubjectId()
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @PersonalData({
    purpose: "mailing an organisation's owners its sub-processor notices and its owners and admins its security incidents (GDPR Art. 28(2), 33(2))",
    retention: 'while the account holds the role: deleted when it leaves it, or with the account',
    onErasure: 'erase',
  })
  @Column({ type: 'varchar', length: 10 })
  role!: 'owner' | 'admin';

  /** The membership change's own time: a replayed older change never overwrites a newer one. */
  @NotPersonalData('time of the membership change')
  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
