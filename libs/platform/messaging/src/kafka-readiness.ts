import { Injectable } from '@nestjs/common';
import type { ReadinessCheck } from '@sargs/platform/observability';
import { KafkaConnection } from './kafka-connection';

@Injectable()
export class KafkaReadinessCheck implements ReadinessCheck {
  readonly name = 'kafka';
  constructor(private readonly kafka: KafkaConnection) {}

  check(): Promise<void> {
    return this.kafka.checkCluster();
  }
}
