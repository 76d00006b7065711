import { Kafka, logLevel } from 'kafkajs';
import { DEAD_LETTER_RETENTION_MS, TOPIC_SPECS, deadLetterTopic } from '@sargs/contracts';

export interface TopicToEnsure {
  name: string;
  partitions: number;
  retentionMs: number;
}

/** Each topic and its `<topic>.dlq`, partitioned alike so a dead letter keeps its key's partition. */
export function withDeadLetterTopics(specs: readonly TopicToEnsure[]): TopicToEnsure[] {
  return specs.flatMap((spec) => [
    { name: spec.name, partitions: spec.partitions, retentionMs: spec.retentionMs },
    { name: deadLetterTopic(spec.name), partitions: spec.partitions, retentionMs: DEAD_LETTER_RETENTION_MS },
  ]);
}

/**
 * Creates each topic of `specs` and its dead-letter topic unless it exists (the broker never
 * auto-creates), and adds partitions to an existing topic that has fewer than its spec.
 * Existing topics' configs are left alone: kafkajs can only replace a topic's whole config.
 */
export async function ensureTopics(brokers: string[], specs: readonly TopicToEnsure[] = TOPIC_SPECS): Promise<void> {
  const wanted = withDeadLetterTopics(specs);
  const admin = new Kafka({ clientId: 'sargs-devstack-topics', brokers, logLevel: logLevel.ERROR }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions, configEntries: [{ name: 'retention.ms', value: String(t.retentionMs) }] })),
      });
    }
    const present = wanted.filter((t) => existing.has(t.name));
    if (present.length === 0) return;
    const { topics } = await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) });
    const grow = present.filter((t) => (topics.find((m) => m.name === t.name)?.partitions.length ?? t.partitions) < t.partitions);
    if (grow.length > 0) await admin.createPartitions({ topicPartitions: grow.map((t) => ({ topic: t.name, count: t.partitions })) });
  } finally {
    await admin.disconnect();
  }
}
