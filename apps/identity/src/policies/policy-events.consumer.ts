import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { PolicyPublished, type EventFrom } from '@sargs/contracts';
import { EventContext, EventPattern } from '@sargs/platform/messaging';
import { KnownPolicyRepository } from './known-policy.repository';

@Controller()
export class PolicyEventsConsumer {
  constructor(private readonly policies: KnownPolicyRepository) {}

  @EventPattern(PolicyPublished)
  onPolicyPublished(@Payload() event: EventFrom<typeof PolicyPublished>, @Ctx() context: EventContext): Promise<void> {
    return this.policies.recordPublished(context.getManager(), event.payload.version, event.payload.publishedAt);
  }
}
