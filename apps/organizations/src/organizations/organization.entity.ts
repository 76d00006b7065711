import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { VerificationMethod } from '@sargs/contracts';
import { NotPersonalData, TenantId } from '@sargs/platform/privacy';

const COMPANY = 'company details of a legal entity (its registration number begins 4 to 9, never a personal code)';

/**
 * An organisation, the tenant itself. Its id is the tenant column (`org_id`): the organisation's
 * export includes this row and its deletion deletes it (docs/tenancy.md). Row-level security
 * admits it to a transaction scoped to it, to an account that is its member (GET /orgs) and to a
 * staff lookup by its registration number (migrations/1797100000000-create-organizations-tables.ts).
 */
@Entity({ name: 'organization' })
@Index('organization_registration_number_idx', ['registrationNumber'])
export class Organization {
  @TenantId()
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  id!: string;

  @NotPersonalData(COMPANY)
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Compact: 11 digits. */
  @NotPersonalData(COMPANY)
  @Column({ name: 'registration_number', type: 'varchar', length: 11 })
  registrationNumber!: string;

  /** `LV` + the registration number, or none. */
  @NotPersonalData(COMPANY)
  @Column({ name: 'vat_number', type: 'varchar', length: 13, nullable: true })
  vatNumber!: string | null;

  @NotPersonalData(COMPANY)
  @Column({ type: 'varchar', length: 300, nullable: true })
  address!: string | null;

  @NotPersonalData('whether staff checked the company details (R3)')
  @Column({ name: 'verification_status', type: 'varchar', length: 10 })
  verificationStatus!: 'unverified' | 'verified';

  @NotPersonalData('when staff checked the company details')
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  @NotPersonalData('how staff checked the company details')
  @Column({ name: 'verification_method', type: 'varchar', length: 20, nullable: true })
  verificationMethod!: VerificationMethod | null;

  /** The staff member who checked is in the audit trail (organization.verified), not here. */
  @NotPersonalData('SHA-256 of the evidence staff keep about the company')
  @Column({ name: 'evidence_sha256', type: 'varchar', length: 64, nullable: true })
  evidenceSha256!: string | null;

  @NotPersonalData('bookkeeping time of the row')
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @NotPersonalData('bookkeeping time of the last change to the row')
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Set by an owner's deletion: from then on nobody is a member, and the erasure case deletes the rows. */
  @NotPersonalData('when the owner asked for the deletion')
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @NotPersonalData('random id of the erasure case of the deletion')
  @Column({ name: 'deletion_case_id', type: 'uuid', nullable: true })
  deletionCaseId!: string | null;
}
