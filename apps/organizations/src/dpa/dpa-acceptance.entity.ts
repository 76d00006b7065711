import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotPersonalData, TenantId } from '@sargs/platform/privacy';

/**
 * An organisation's acceptance of one DPA version (Art. 28): the organisation's record, in its
 * export and deleted with it. Row-level security admits it only to a transaction scoped to its
 * organisation.
 */
@Entity({ name: 'dpa_acceptance' })
export class DpaAcceptance {
  @TenantId()
  @PrimaryColumn({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @NotPersonalData('label of the accepted version')
  @PrimaryColumn({ type: 'varchar', length: 50 })
  version!: string;

  @NotPersonalData('SHA-256 of the accepted text')
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @NotPersonalData('when the organisation accepted')
  @Column({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt!: Date;

  @NotPersonalData("random account id of the owner who accepted: the organisation's record of its Art. 28 acceptance, kept as long as the organisation")
  @Column({ name: 'accepted_by', type: 'uuid' })
  acceptedBy!: string;
}
