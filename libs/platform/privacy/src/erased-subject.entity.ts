import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotPersonalData } from './personal-data.decorators';

/** Ids of erased people, kept so that no late or replayed event brings them back (R15). */
@Entity({ name: 'erased_subject' })
export class ErasedSubject {
  @NotPersonalData('a pseudonymous id, kept on purpose so erased people stay erased (R15)')
  @PrimaryColumn({ name: 'subject_id', type: 'varchar', length: 100 })
  subjectId!: string;

  @NotPersonalData('the erasure case id, no personal data')
  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @NotPersonalData('when the erasure ran')
  @Column({ name: 'erased_at', type: 'timestamptz' })
  erasedAt!: Date;
}
