import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
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
    // A key of its own per entry: entries spread over every partition (the trail orders them by its
    // chain, not by Kafka), and never equal an account id, so an erasure's outbox cleanup keeps them.
    await this.publisher.publish(manager, AuditEventRecorded, `${AUDIT_SUBJECT_PREFIX}${randomUUID()}`, {
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
