import { Injectable } from '@nestjs/common';
import type { ReadinessCheck } from '@sargs/platform/observability';
import { KafkaConnection } from './kafka-connection';

/**
 * Kafka's state for /readyz and `sargs_dependency_up`. It does not gate readiness: while the
 * broker is away the outbox keeps events and consumers resume where they left off, so the service
 * stays in rotation and serves what does not need an event at once.
 */
@Injectable()
export class KafkaReadinessCheck implements ReadinessCheck {
  readonly name = 'kafka';
  readonly gatesReadiness = false;
  constructor(private readonly kafka: KafkaConnection) {}

  check(): Promise<void> {
    return this.kafka.checkCluster();
  }
}
