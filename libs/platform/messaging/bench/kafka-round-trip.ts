// Benchmark baseline, kept beside the only code allowed to import kafkajs: the latency of the bare
// client (produce with acks=all, consume in a group) at a given rate, with no database anywhere.
import { Kafka, logLevel } from 'kafkajs';
import { RELAY_PRODUCER } from '../src/kafka-connection';
import { kafkaClientConfig, type KafkaAccess } from '../src/kafka-access';

export async function kafkaRoundTripLatencies(access: KafkaAccess, topic: string, perSecond: number, seconds: number): Promise<number[]> {
  const kafka = new Kafka({ ...kafkaClientConfig(access, 'bench-baseline'), logLevel: logLevel.NOTHING });
  const producer = kafka.producer(RELAY_PRODUCER);
  const consumer = kafka.consumer({ groupId: `bench-baseline-${Date.now()}`, maxWaitTimeInMs: 1000 });
  const marker = `baseline-${Date.now()}`;
  const latencies: number[] = [];
  await Promise.all([producer.connect(), consumer.connect()]);
  try {
    await consumer.subscribe({ topic, fromBeginning: false });
    let joined: () => void = () => undefined;
    const isJoined = new Promise<void>((resolve) => (joined = resolve));
    consumer.on(consumer.events.GROUP_JOIN, () => joined());
    await consumer.run({
      // A floor commits nothing: kafkajs's autoCommit would put an OffsetCommit round trip after every batch into its fetch cycle.
      autoCommit: false,
      partitionsConsumedConcurrently: 6,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const [tag, sentAt] = (m.value?.toString() ?? '').split('|');
          if (tag === marker) latencies.push(Date.now() - Number(sentAt));
        }
      },
    });
    await isJoined;
    await new Promise((r) => setTimeout(r, 1000));
    const tickMs = 10;
    const perTick = (perSecond * tickMs) / 1000;
    const started = Date.now();
    for (let t = 0; t < (seconds * 1000) / tickMs; t++) {
      const due = started + t * tickMs;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: perTick }, (_, i) => ({ key: `k${(t * perTick + i) % 500}`, value: `${marker}|${Date.now()}` })),
      });
    }
    const expected = perSecond * seconds;
    const deadline = Date.now() + 60_000;
    while (latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return latencies;
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
  }
}
