import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEventRecorded, type EventFrom } from '@sargs/contracts';
import { EventHandler } from '@sargs/platform/messaging';
import { AuditTrailService } from './audit-trail.service';

/** Every service's staff actions and security events become entries of the one trail. */
@Injectable()
export class AuditEventsConsumer {
  constructor(private readonly trail: AuditTrailService) {}

  @EventHandler(AuditEventRecorded)
  onAuditEvent(event: EventFrom<typeof AuditEventRecorded>, manager: EntityManager): Promise<void> {
    return this.trail.append(manager, event);
  }
}
