import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DataSubjectId, NotPersonalData, PersonalData } from '@sargs/platform/privacy';

/**
 * One participant's section of an export (`ExportSectionReady`): its tables' rows about the
 * person, kept until the export expires. One row per (export, service): a redelivered or repeated
 * section changes nothing.
 */
@Entity({ name: 'export_section' })
@Index('export_section_subject_idx', ['subjectId'])
export class ExportSection {
  @NotPersonalData('export id (random uuid)')
  @PrimaryColumn({ name: 'export_id', type: 'uuid' })
  exportId!: string;

  @NotPersonalData('name of the service that sent the section')
  @PrimaryColumn({ type: 'varchar', length: 50 })
  service!: string;

  @DataSubjectId()
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  /**
   * Every row a service holds about the person. Not exported again: it is that service's own data
   * (exported by it), and a later export would otherwise nest every earlier one.
   */
  @PersonalData({
    purpose: "answering the person's request for a copy of their data (R11, GDPR Art. 15 and 20)",
    retention: 'until the export expires (EXPORT_TTL_MS after it is ready), then purged',
    onErasure: 'erase',
    exported: false,
  })
  @Column({ type: 'jsonb' })
  tables!: Record<string, Record<string, unknown>[]>;

  @NotPersonalData('when the service generated its section')
  @Column({ name: 'generated_at', type: 'timestamptz' })
  generatedAt!: Date;

  @NotPersonalData('when retention stored the section')
  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
