import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { NotPersonalData, PersonalData, TenantId } from '@sargs/platform/privacy';

const INVITING = 'inviting the person to the organisation';
const UNTIL = 'until accepted or revoked, or INVITATION_PURGE_AFTER_MS after it expired';

/**
 * An open invitation: deleted when it is accepted or revoked, and a while after it expired
 * (invitation-purge.task.ts). Only the SHA-256 of its token is kept. Row-level security admits it
 * to a transaction scoped to its organisation, to one that names its token hash (acceptance) and
 * to the purge of long-expired ones (migrations/1797100000000-create-organizations-tables.ts).
 */
@Entity({ name: 'org_invitation' })
@Index('org_invitation_token_idx', ['tokenHash'], { unique: true })
@Index('org_invitation_email_idx', ['orgId', 'email'])
export class OrgInvitation {
  @NotPersonalData('random id of the invitation')
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @TenantId()
  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  /** Normalised (trimmed, NFC, lower-case): compared exactly with the accepting account's address. */
  @PersonalData({ purpose: INVITING, retention: UNTIL, onErasure: 'erase', identifiesPerson: 'email' })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @PersonalData({ purpose: INVITING, retention: UNTIL, onErasure: 'erase' })
  @Column({ type: 'varchar', length: 8 })
  role!: 'admin' | 'member';

  // A secret: never leaves the service, not even in the organisation's export.
  @PersonalData({ purpose: 'checking the invitation link', retention: UNTIL, onErasure: 'erase', exported: false })
  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @NotPersonalData('bookkeeping time of the row')
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @NotPersonalData('when the link stops working')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
