import { Inject, Injectable } from '@nestjs/common';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { consumerGroupOf } from './dead-letter-publisher';
import type { HandlerLookup } from './event-transport';
import { InboxProcessor } from './inbox-processor';
import type { IncomingMessage } from './incoming-message';
import { KafkaConnection } from './kafka-connection';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';

/** Messages handled in one transaction at most (fewer when fewer are waiting). */
const INBOX_CHUNK = 200;

function headersOf(message: KafkaMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined && !Array.isArray(value)) headers[name] = value.toString();
  }
  return headers;
}

/**
 * Subscribes the service's consumer group to every topic the transport has handlers for and feeds
 * the inbox in chunks, in order per partition. An offset is committed only after its message is handled,
 * so a crash means redelivery (which the inbox absorbs), never loss.
 */
@Injectable()
export class EventConsumer {
  private consumer?: Consumer;

  constructor(
    private readonly kafka: KafkaConnection,
    private readonly inbox: InboxProcessor,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async start(handlers: HandlerLookup): Promise<void> {
    const topics = handlers.topics();
    if (topics.length === 0 || this.consumer) return;
    const consumer = this.kafka.createConsumer(consumerGroupOf(this.options.serviceName));
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      // Offsets are committed once a second, off the per-message path: a redelivery after a
      // crash is absorbed by the inbox, so committing more often buys nothing.
      autoCommitInterval: 1000,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 6,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        for (let start = 0; start < batch.messages.length; start += INBOX_CHUNK) {
          if (!isRunning() || isStale()) break;
          const chunk = batch.messages.slice(start, start + INBOX_CHUNK);
          await this.inbox.processBatch(
            handlers,
            chunk.map(
              (message): IncomingMessage => ({
                topic: batch.topic,
                partition: batch.partition,
                offset: message.offset,
                key: message.key?.toString('utf8') ?? null,
                value: message.value,
                headers: headersOf(message),
                timestamp: message.timestamp,
              }),
            ),
            heartbeat,
          );
          // Only now is the chunk's effect committed: a crash before this line means redelivery.
          resolveOffset(chunk[chunk.length - 1].offset);
          await commitOffsetsIfNecessary();
          await heartbeat();
        }
      },
    });
    this.logger.info({ topics }, 'event consumer started');
  }

  /** Lets the batch in flight finish, commits its offsets and leaves the group. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }
}
