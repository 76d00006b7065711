import { Inject, Injectable } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer, type ProducerConfig, type LogEntry } from 'kafkajs';
import { APP_LOGGER, type Logger } from '@sargs/platform/observability';
import { kafkaClientConfig } from './kafka-access';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Connects a client; a failed connection is forgotten so the next call tries again. */
function connectOnce<T extends { connect(): Promise<void> }>(client: T, forget: () => void): Promise<T> {
  return client.connect().then(
    () => client,
    (err: unknown) => {
      forget();
      throw err;
    },
  );
}

/**
 * The relay's producer. acks=all with one request in flight, so per-key order holds across
 * retries. Not kafkajs' idempotent mode: that wants unbounded retries (kafkajs warns at every start
 * when they are bounded), which would hold a send, and a shutdown, through a broker outage. Here a
 * send fails after a few retries and the outbox waits instead; a resend after a lost ack is a
 * duplicate the consumers' inbox drops, as it drops a resend after a crash. The partitioner is
 * named (kafkajs 2's default, murmur2 like the Java client) so the key decides the partition.
 */
export const RELAY_PRODUCER: ProducerConfig = {
  idempotent: false,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};

/**
 * The one place that knows kafkajs: the relay's producer, an admin client, and consumers on
 * request.
 */
@Injectable()
export class KafkaConnection {
  private readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;

  constructor(
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    @Inject(APP_LOGGER) logger: Logger,
  ) {
    const log = logger.child({ component: 'kafkajs' });
    this.kafka = new Kafka({
      ...kafkaClientConfig(options.kafka, `sargs-${options.serviceName}`),
      connectionTimeout: 3000,
      requestTimeout: 10_000,
      retry: { initialRetryTime: 200, retries: 5 },
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log: entry }: LogEntry) => {
          const { message, ...rest } = entry;
          const fields = { broker: rest.broker, error: rest.error };
          if (level <= logLevel.ERROR) log.error(fields, message);
          else log.warn(fields, message);
        },
    });
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= connectOnce(
      this.kafka.producer(RELAY_PRODUCER),
      () => (this.producer = undefined),
    );
    return this.producer;
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= connectOnce(this.kafka.admin(), () => (this.admin = undefined));
    return this.admin;
  }

  /** Sends messages in the given order; resolves only once every broker has acknowledged (acks=all). */
  async send(messages: readonly OutgoingMessage[]): Promise<void> {
    const producer = await this.connectedProducer();
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const m of messages) {
      const list = byTopic.get(m.topic) ?? [];
      list.push({ key: m.key, value: m.value, headers: m.headers });
      byTopic.set(m.topic, list);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
    });
  }

  /**
   * Of `topics`, those the cluster does not show this principal: not provisioned yet (apps never
   * create topics; the provisioning principal does), or not readable under its ACLs.
   */
  async missingTopics(topics: readonly string[]): Promise<string[]> {
    const visible = new Set(await (await this.connectedAdmin()).listTopics());
    return topics.filter((topic) => !visible.has(topic));
  }

  /** Readiness: the cluster answers a metadata request. */
  async checkCluster(): Promise<void> {
    const admin = await this.connectedAdmin();
    await admin.describeCluster();
  }

  /** The group's committed offsets on `topics` ("-1" where it has none): how far its consumer has come. */
  async committedOffsets(groupId: string, topics: readonly string[]): Promise<{ topic: string; partition: number; offset: string }[]> {
    const admin = await this.connectedAdmin();
    const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
    return committed.flatMap((c) => c.partitions.map((p) => ({ topic: c.topic, partition: p.partition, offset: p.offset })));
  }

  createConsumer(groupId: string): Consumer {
    return this.kafka.consumer({
      groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: 1000,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 300, retries: 10 },
    });
  }

  async close(): Promise<void> {
    const producer = this.producer;
    const admin = this.admin;
    this.producer = undefined;
    this.admin = undefined;
    await Promise.allSettled([producer?.then((p) => p.disconnect()), admin?.then((a) => a.disconnect())]);
  }
}
