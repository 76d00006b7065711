import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AUDIT_SUBJECT_PREFIX, AuditEventRecorded, type AuditAction, type RoleName } from '@sargs/contracts';
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
    @Inject(AUDIT_SERVICE_NAME) private readonly service: string,
  ) {}

  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    await this.publisher.publish(manager, AuditEventRecorded, `${AUDIT_SUBJECT_PREFIX}${this.service}`, {
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
