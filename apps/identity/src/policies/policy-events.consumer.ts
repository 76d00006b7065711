import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PolicyPublished, type EventFrom } from '@sargs/contracts';
import { EventHandler } from '@sargs/platform/messaging';
import { KnownPolicyRepository } from './known-policy.repository';

@Injectable()
export class PolicyEventsConsumer {
  constructor(private readonly policies: KnownPolicyRepository) {}

  @EventHandler(PolicyPublished)
  onPolicyPublished(event: EventFrom<typeof PolicyPublished>, manager: EntityManager): Promise<void> {
    return this.policies.recordPublished(manager, event.payload.version, event.payload.publishedAt);
  }
}
