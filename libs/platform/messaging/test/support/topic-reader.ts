import { Kafka, logLevel } from 'kafkajs';

/** Reads every record of a topic from the beginning, for assertions on what reached Kafka. */
export async function readTopic(brokers: string, topic: string, timeoutMs = 3000): Promise<{ key: string; value: string }[]> {
  const kafka = new Kafka({ clientId: 'test-reader', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const expected = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  const records: { key: string; value: string }[] = [];
  if (expected === 0) return records;
  const consumer = kafka.consumer({ groupId: `test-reader-${process.pid}-${Date.now()}-${Math.random()}` });
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
