import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AuditEventRecorded, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { AuditTrailService } from './audit-trail.service';

/** Every service's staff actions and security events become entries of the one trail. */
@Controller()
export class AuditEventsConsumer {
  constructor(private readonly trail: AuditTrailService) {}

  @EventPattern(AuditEventRecorded)
  onAuditEvent(@Payload() event: EventFrom<typeof AuditEventRecorded>, @Ctx() context: EventContext): Promise<void> {
    return this.trail.append(context.getManager(), event);
  }
}
