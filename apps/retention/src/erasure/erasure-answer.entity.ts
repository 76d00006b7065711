import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotPersonalData } from '@sargs/platform/privacy';

/** A participant's ErasureCompleted for a case: when it erased, and how many rows per table. */
@Entity({ name: 'erasure_answer' })
export class ErasureAnswer {
  @NotPersonalData('case id')
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @NotPersonalData('service name')
  @PrimaryColumn({ type: 'varchar', length: 50 })
  service!: string;

  @NotPersonalData('time the service erased the subject')
  @Column({ name: 'erased_at', type: 'timestamptz' })
  erasedAt!: Date;

  @NotPersonalData('rows removed per table (counts only)')
  @Column({ type: 'jsonb' })
  counts!: Record<string, number>;
}
