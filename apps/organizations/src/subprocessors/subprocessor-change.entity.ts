import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SubprocessorChangeKind } from '@sargs/contracts';
import { NotPersonalData } from '@sargs/platform/privacy';

const PUBLIC = 'the public sub-processor register: companies, not people';

/** One announced change of the sub-processor register (Art. 28(2)): insert-only; the register is the changes in force. */
@Entity({ name: 'subprocessor_change' })
export class SubprocessorChange {
  @NotPersonalData('random id of the change')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @NotPersonalData(PUBLIC)
  @Column({ type: 'varchar', length: 8 })
  change!: SubprocessorChangeKind;

  @NotPersonalData(PUBLIC)
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @NotPersonalData(PUBLIC)
  @Column({ type: 'varchar', length: 500 })
  purpose!: string;

  @NotPersonalData(PUBLIC)
  @Column({ type: 'varchar', length: 200 })
  location!: string;

  @NotPersonalData('when the change takes effect')
  @Column({ name: 'effective_at', type: 'timestamptz' })
  effectiveAt!: Date;

  @NotPersonalData('when staff announced it')
  @Column({ name: 'announced_at', type: 'timestamptz' })
  announcedAt!: Date;
}
