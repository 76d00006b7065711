import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotPersonalData } from '@sargs/platform/privacy';

/** One version of the data processing agreement (Art. 28): insert-only; the latest is in force. */
@Entity({ name: 'dpa_version' })
export class DpaVersion {
  @NotPersonalData('label of a public document version')
  @PrimaryColumn({ type: 'varchar', length: 50 })
  version!: string;

  @NotPersonalData('text of a public document')
  @Column({ type: 'text' })
  content!: string;

  @NotPersonalData('SHA-256 of the text (hex)')
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @NotPersonalData('when the version came into force')
  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  /** Null for a version seeded at boot (DPA_SEED_DIR). */
  @NotPersonalData('random account id of the staff member who published it: the accountability record of a public document, kept')
  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy!: string | null;
}
