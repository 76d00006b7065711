import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AuditAction, AuditCategory, RoleName } from '@sargs/contracts';
import { NotPersonalData, SubjectReference } from '@sargs/platform/privacy';

/**
 * One entry of the audit trail (R27): a staff action or a security event, ids only. Append-only
 * (a trigger refuses UPDATE, DELETE and TRUNCATE, except an erasure pseudonymising `actor` or
 * `subject`), and hash-chained: `hash` covers `previous_hash` and every column below but the
 * clear form of `actor` and `subject`, whose keyed pseudonyms it covers instead, so an erasure
 * leaves the chain valid.
 */
@Entity({ name: 'audit_entry' })
@Index('audit_entry_time_idx', ['occurredAt', 'seq'])
@Index('audit_entry_actor_idx', ['actor', 'occurredAt', 'seq'])
@Index('audit_entry_action_idx', ['action', 'occurredAt', 'seq'])
@Index('audit_entry_subject_idx', ['subject', 'occurredAt', 'seq'])
// An organisation's export finds the entries naming it as their reference (its members, its invitations).
@Index('audit_entry_reference_idx', ['reference'])
export class AuditEntry {
  /** Position in the chain: 1, 2, 3, … with no gap. */
  @NotPersonalData('position in the chain')
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  /** The AuditEventRecorded event id: one entry per event, however often it is delivered. */
  @NotPersonalData('event id, a random uuid')
  @Index('audit_entry_id_key', { unique: true })
  @Column({ type: 'uuid' })
  id!: string;

  @NotPersonalData('when the action happened')
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @NotPersonalData('when the trail appended it')
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  /** The staff member or the person; null when the system acted. */
  @SubjectReference()
  @Column({ type: 'varchar', length: 100, nullable: true })
  actor!: string | null;

  @NotPersonalData('name of the action')
  @Column({ type: 'varchar', length: 40 })
  action!: AuditAction;

  @NotPersonalData('staff or security')
  @Column({ type: 'varchar', length: 10 })
  category!: AuditCategory;

  /** The account concerned, or the thing acted on (a policy version, an incident id). */
  @SubjectReference()
  @Column({ type: 'varchar', length: 100, nullable: true })
  subject!: string | null;

  @NotPersonalData('id of the hold, request or case the action concerned')
  @Column({ type: 'varchar', length: 100, nullable: true })
  reference!: string | null;

  @NotPersonalData('the service where the action happened')
  @Column({ type: 'varchar', length: 40 })
  service!: string;

  @NotPersonalData('role names after a role change')
  @Column({ type: 'text', array: true, nullable: true })
  roles!: RoleName[] | null;

  @NotPersonalData('SHA-256 of the entry before (64 zeros for the first)')
  @Column({ name: 'previous_hash', type: 'varchar', length: 64 })
  previousHash!: string;

  @NotPersonalData('SHA-256 over the previous hash and this entry')
  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
