import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AUDIT_SUBJECT_PREFIX, AuditEventRecorded, type AuditAction, type RoleName, type ServiceName } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';

export const AUDIT_SERVICE_NAME = Symbol('AUDIT_SERVICE_NAME');

export interface AuditRecord {
  action: AuditAction;
  /** The staff member or the person; null when the system acted. */
  actorId: string | null;
  /** The account concerned, or the thing acted on (a policy version, an incident id). */
  subject: string | null;
  reference?: string | null;
  roles?: RoleName[];
}

/**
 * Every service's one way into the audit trail (R27): the entry goes into the outbox in the
 * transaction of the action it records, so an action is never committed without its trace.
 */
@Injectable()
export class AuditRecorder {
  constructor(
    private readonly publisher: EventPublisher,
    /** Null in a test's helper service, which runs as no registry service. */
    @Inject(AUDIT_SERVICE_NAME) private readonly service: ServiceName | null,
  ) {}

  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    if (this.service === null) throw new Error('this service runs as no registry service (SargsServiceOptions.service), so it has no audit topic');
    await this.publisher.publish(manager, AuditEventRecorded[this.service], auditKey(record.subject), {
      action: record.action,
      actorId: record.actorId,
      subject: record.subject,
      reference: record.reference ?? null,
      service: this.service,
      occurredAt: new Date().toISOString(),
      ...(record.roles ? { roles: record.roles } : {}),
    });
  }
}

/**
 * Keyed by subject, so one person's entries (a hold placed, then lifted) reach the trail in the
 * order they happened; an entry without a subject gets a key of its own. The prefix keeps the key
 * from ever equalling an account id, so an erasure's outbox cleanup leaves the entry alone.
 */
function auditKey(subject: string | null): string {
  // The envelope's subjectId (the key) holds at most 100 characters; a subject may hold 100.
  return `${AUDIT_SUBJECT_PREFIX}${subject ?? randomUUID()}`.slice(0, 100);
}
