import { Kafka, logLevel } from 'kafkajs';
import { DEAD_LETTER_RETENTION_MS, TOPIC_SPECS, deadLetterTopic } from '@sargs/contracts';
import { testKafkaBrokers } from '@sargs/testing';

// ensureKafkaTopics, as the jest global setup ran it through startInfrastructure.
describe('topic provisioning', () => {
  it('has every contract topic and its dead-letter topic, partitioned and retained as specified', async () => {
    const admin = new Kafka({ brokers: testKafkaBrokers().split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const names = TOPIC_SPECS.flatMap((s) => [s.name, deadLetterTopic(s.name)]);
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      const configs = await admin.describeConfigs({ includeSynonyms: false, resources: names.map((name) => ({ type: 2, name, configNames: ['retention.ms'] })) });
      const retention = new Map(configs.resources.map((r) => [r.resourceName, Number(r.configEntries[0]?.configValue)]));
      for (const spec of TOPIC_SPECS) {
        expect(topics.find((t) => t.name === spec.name)?.partitions).toHaveLength(spec.partitions);
        expect(retention.get(spec.name)).toBe(spec.retentionMs);
        expect(retention.get(deadLetterTopic(spec.name))).toBe(DEAD_LETTER_RETENTION_MS);
      }
    } finally {
      await admin.disconnect();
    }
  });

});
