import { Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig, type KafkaAccess } from './kafka-access';
import { RELAY_PRODUCER } from './kafka-connection';

// One-off clients acting as one principal, outside the outbox and the inbox: for tests that check
// what the broker lets a principal do, and what reached a topic. Never for publishing events.

export interface RawRecord {
  key: string;
  value: string;
}

/** The broker's refusal: kafkajs's protocol error type (TOPIC_AUTHORIZATION_FAILED, ...) or the error's name and message. */
export function kafkaRefusal(err: unknown): string {
  const e = err as { type?: string; name?: string; message?: string; cause?: { type?: string } };
  return e.type ?? e.cause?.type ?? `${e.name}: ${e.message}`;
}

/** Writes the records to `topic` as `access`, as the relay would (acks=all, no retry); 'written' or the refusal. */
export async function writeRaw(access: KafkaAccess, topic: string, records: readonly RawRecord[]): Promise<string> {
  const kafka = new Kafka({ ...kafkaClientConfig(access, 'raw-writer'), logLevel: logLevel.NOTHING, connectionTimeout: 2000, requestTimeout: 5000, retry: { retries: 0 } });
  const producer = kafka.producer(RELAY_PRODUCER);
  try {
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: records.map((r) => ({ key: r.key, value: r.value })) });
    return 'written';
  } catch (err) {
    return kafkaRefusal(err);
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

/** Every record of `topic` from the beginning, read as `access` in a group of its own. */
export async function readRaw(access: KafkaAccess, topic: string, timeoutMs = 3000): Promise<RawRecord[]> {
  const kafka = new Kafka({ ...kafkaClientConfig(access, 'raw-reader'), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const expected = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  const records: RawRecord[] = [];
  if (expected === 0) return records;
  const consumer = kafka.consumer({ groupId: `raw-reader-${process.pid}-${Date.now()}-${Math.random()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs + 10_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        records.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
        if (records.length >= expected) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return records;
}
