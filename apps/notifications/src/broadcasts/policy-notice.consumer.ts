import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PolicyPublished, type EventFrom } from '@sargs/contracts';
import { EventHandler } from '@sargs/platform/messaging';
import { BroadcastsService } from './broadcasts.service';

/** A new privacy policy version: every active account gets a service notice (R25). */
@Injectable()
export class PolicyNoticeConsumer {
  constructor(private readonly broadcasts: BroadcastsService) {}

  @EventHandler(PolicyPublished)
  onPolicyPublished(event: EventFrom<typeof PolicyPublished>, manager: EntityManager): Promise<void> {
    return this.broadcasts.createPolicyNotice(manager, event);
  }
}
