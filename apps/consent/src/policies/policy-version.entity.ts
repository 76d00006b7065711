import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotPersonalData } from '@sargs/platform/privacy';

/**
 * A published privacy policy version (R25). Never updated or deleted after insert: there is no
 * UPDATE path in code, and a trigger (migration) refuses UPDATE and DELETE on the table.
 */
@Entity({ name: 'policy_version' })
export class PolicyVersion {
  @NotPersonalData('policy version label')
  @PrimaryColumn({ type: 'varchar', length: 50 })
  version!: string;

  /** Strictly increasing across versions: the newest one is the version in force. */
  @NotPersonalData('publication time of the document')
  @Column({ name: 'published_at', type: 'timestamptz', unique: true })
  publishedAt!: Date;

  /** Null for a version seeded at boot (POLICY_SEED_DIR). */
  @NotPersonalData('random account id of the staff member who published it: the accountability record of a public document, kept')
  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy!: string | null;
}
