import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { PolicyPublished, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { BroadcastsService } from './broadcasts.service';

/** A new privacy policy version: every active account gets a service notice (R25). */
@Controller()
export class PolicyNoticeConsumer {
  constructor(private readonly broadcasts: BroadcastsService) {}

  @EventPattern(PolicyPublished)
  onPolicyPublished(@Payload() event: EventFrom<typeof PolicyPublished>, @Ctx() context: EventContext): Promise<void> {
    return this.broadcasts.createPolicyNotice(context.getManager(), event);
  }
}
