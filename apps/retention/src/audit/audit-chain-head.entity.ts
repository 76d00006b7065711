import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotPersonalData } from '@sargs/platform/privacy';

/**
 * The chain's last link, one row: appends lock it, so entries get consecutive positions whichever
 * retention instance appends them; verification compares it with the last entry, so removing
 * entries from the end shows too.
 */
@Entity({ name: 'audit_chain_head' })
export class AuditChainHead {
  @NotPersonalData('always 1')
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  @NotPersonalData('position of the last entry (0: none yet)')
  @Column({ type: 'bigint' })
  seq!: string;

  @NotPersonalData('hash of the last entry')
  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
