import { Inject, Injectable } from '@nestjs/common';
import { deadLetterTopic } from '@sargs/contracts';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import type { IncomingMessage } from './incoming-message';
import { KafkaConnection } from './kafka-connection';
import { deadLettered } from './messaging-metrics';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';

/** Dead-letter records name the event and the reason, never the payload (it may hold personal data). */
export interface DeadLetterRecord {
  eventId?: string;
  sourceTopic: string;
  partition: number;
  offset: string;
  consumerGroup: string;
  reason: string;
  failedAt: string;
}

@Injectable()
export class DeadLetterPublisher {
  constructor(
    private readonly kafka: KafkaConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async deadLetter(message: IncomingMessage, reason: string, eventId?: string): Promise<void> {
    const record: DeadLetterRecord = {
      eventId,
      sourceTopic: message.topic,
      partition: message.partition,
      offset: message.offset,
      consumerGroup: consumerGroupOf(this.options.serviceName),
      reason: reason.slice(0, 500),
      failedAt: new Date().toISOString(),
    };
    await this.kafka.send([
      { topic: deadLetterTopic(message.topic), key: message.key ?? '', value: JSON.stringify(record), headers: {} },
    ]);
    deadLettered.inc({ topic: message.topic });
    this.logger.error({ deadLetter: record }, 'event sent to the dead-letter topic');
  }
}

export function consumerGroupOf(serviceName: string): string {
  return `sargs-${serviceName}`;
}
