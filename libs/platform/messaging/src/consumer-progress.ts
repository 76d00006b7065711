import { Inject, Injectable } from '@nestjs/common';
import { consumerGroupOf } from './dead-letter-publisher';
import type { ReplayTarget } from './kafka-admin';
import { KafkaConnection } from './kafka-connection';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';

/**
 * How far this service's consumer group has committed: whether it has caught up with offsets a
 * restore recorded (docs/retention.md, "Backups and restore"). Committed offsets are the truth a
 * restart resumes from, and an offset is committed only after its effect, so "caught up" survives
 * any crash.
 */
@Injectable()
export class ConsumerProgress {
  constructor(
    private readonly kafka: KafkaConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /** Of `targets`, those the group has not committed up to yet. */
  async behind(targets: readonly ReplayTarget[]): Promise<ReplayTarget[]> {
    if (targets.length === 0) return [];
    const committed = await this.kafka.committedOffsets(consumerGroupOf(this.options.serviceName), [...new Set(targets.map((t) => t.topic))]);
    const at = new Map(committed.map((c) => [`${c.topic}:${c.partition}`, BigInt(c.offset)]));
    return targets.filter((t) => (at.get(`${t.topic}:${t.partition}`) ?? -1n) < BigInt(t.offset));
  }
}
