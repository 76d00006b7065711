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
/** Offsets handled are committed once this often while batches come, so at most this long after a burst's last batch. */
const OFFSET_COMMIT_INTERVAL_MS = 1000;

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
  /** Commits every offset resolved and not yet committed (kafkajs's, as the last batch handed it over). */
  private commitResolved?: () => Promise<void>;
  private nextCommit?: NodeJS.Timeout;

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
      // kafkajs's autoCommit commits after every batch whatever the interval (its runner's
      // handleBatch), so every fetch cycle waited on an OffsetCommit round trip before fetching
      // again. We commit ourselves, off the fetch cycle: once an interval while batches come (so
      // within an interval of a burst's last one), on a rebalance, and when stopping. A crash
      // redelivers at most an interval's events, which the inbox absorbs.
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 6,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, uncommittedOffsets, isRunning, isStale }) => {
        this.commitResolved = () => commitOffsetsIfNecessary(uncommittedOffsets());
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
          await heartbeat();
        }
        if (isRunning()) this.scheduleCommit();
        // Stopping: what this and the other partitions' batches resolved is committed before the group is left.
        else await this.commitHandled('stop');
      },
    });
    // Partitions may move: what was handled is committed first, so their next owner redelivers as little as it can.
    consumer.on(consumer.events.REBALANCING, () => void this.commitHandled('rebalance'));
    this.logger.info({ topics }, 'event consumer started');
  }

  /** Lets the batch in flight finish, commits its offsets and leaves the group. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    clearTimeout(this.nextCommit);
    this.nextCommit = undefined;
    // An idle consumer has no batch in flight to commit on its way out: what it handled last is committed here.
    await this.commitHandled('stop');
    await consumer?.disconnect();
  }

  /**
   * Commits every offset handled and not yet committed. A refusal (the group rebalancing, the
   * broker away) loses nothing: the partition resumes from the last commit and the inbox absorbs
   * the redelivery.
   */
  private async commitHandled(when: 'interval' | 'stop' | 'rebalance'): Promise<void> {
    try {
      await this.commitResolved?.();
    } catch (err) {
      const error = err as Error;
      this.logger.debug({ when, err: { name: error.name, message: error.message } }, 'offset commit refused; the inbox absorbs the redelivery');
    }
  }

  /**
   * A commit an interval after the first batch since the last one: never awaited by a batch, so the
   * next fetch never waits on it; and a burst's last offsets are not left for a later batch to carry.
   */
  private scheduleCommit(): void {
    if (this.nextCommit) return;
    this.nextCommit = setTimeout(() => {
      this.nextCommit = undefined;
      if (this.consumer) void this.commitHandled('interval');
    }, OFFSET_COMMIT_INTERVAL_MS);
    this.nextCommit.unref();
  }
}
