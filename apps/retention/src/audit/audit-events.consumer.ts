import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AuditEventRecorded, type EventFrom, type OneOf } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { AuditTrailService } from './audit-trail.service';

/** Every service's staff actions and security events become entries of the one trail. */
@Controller()
export class AuditEventsConsumer {
  constructor(private readonly trail: AuditTrailService) {}

  @EventPattern(Object.values(AuditEventRecorded))
  onAuditEvent(@Payload() event: EventFrom<OneOf<typeof AuditEventRecorded>>, @Ctx() context: EventContext): Promise<void> {
    return this.trail.append(context.getManager(), event);
  }
}
