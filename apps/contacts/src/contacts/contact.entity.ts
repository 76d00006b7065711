import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ContactKind } from '@sargs/contracts';
import { NotPersonalData, PersonalData, TenantId } from '@sargs/platform/privacy';

const WHILE_KEPT = 'until the organisation deletes the contact, or the organisation itself is deleted';
const ABOUT = 'the organisation (the controller) keeping in touch with a person it deals with';

/**
 * A person an organisation deals with: the organisation's business data, of which it is the
 * controller and Sargs the processor (R24). Row-level security admits only the rows of the
 * organisation the transaction is scoped to (migrations/1797000000000-create-contact.ts).
 * The organisation's export, deletion and data-subject requests are driven by these declarations
 * (libs/platform/privacy, tenant-data.ts); a whole row is deleted for a data subject's erasure.
 */
@Entity({ name: 'contact' })
@Index('contact_email_idx', ['orgId', 'email', 'createdAt', 'id'])
@Index('contact_created_idx', ['orgId', 'createdAt', 'id'])
export class Contact {
  @NotPersonalData('random id of the contact row')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @TenantId()
  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  // What the person is to the organisation (an employee, a customer) is information about them too.
  @PersonalData({ purpose: ABOUT, retention: WHILE_KEPT, onErasure: 'erase' })
  @Column({ type: 'varchar', length: 16 })
  kind!: ContactKind;

  @PersonalData({ purpose: ABOUT, retention: WHILE_KEPT, onErasure: 'erase' })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Normalised (trimmed, NFC, lower-case): the search and the data-subject requests compare it exactly. */
  @PersonalData({ purpose: ABOUT, retention: WHILE_KEPT, onErasure: 'erase', identifiesPerson: 'email' })
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @PersonalData({ purpose: ABOUT, retention: WHILE_KEPT, onErasure: 'erase' })
  @Column({ type: 'varchar', length: 40, nullable: true })
  phone!: string | null;

  @PersonalData({ purpose: ABOUT, retention: WHILE_KEPT, onErasure: 'erase' })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  @NotPersonalData('bookkeeping time of the row, to the millisecond (the list is paged by it)')
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @NotPersonalData('bookkeeping time of the last change to the row')
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
