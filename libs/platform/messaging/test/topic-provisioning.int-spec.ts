import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { DEAD_LETTER_RETENTION_MS, TOPIC_SPECS, deadLetterTopic } from '@sargs/contracts';
import { testKafkaAccess } from '@sargs/testing';
import { kafkaClientConfig } from '../src/kafka-access';
import { provisionTopics, SINGLE_BROKER } from '../src/kafka-admin';

const TOPIC = 2; // ConfigResourceTypes.TOPIC
const MANAGED = ['retention.ms', 'segment.ms', 'min.insync.replicas', 'cleanup.policy'];

/** The managed entries of each topic, as the broker has them (only those set on the topic itself). */
async function configsOf(admin: Admin, names: string[]): Promise<Map<string, Record<string, string>>> {
  const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: names.map((name) => ({ type: TOPIC, name, configNames: MANAGED })) });
  return new Map(
    resources.map((r) => [r.resourceName, Object.fromEntries(r.configEntries.filter((e) => !e.isDefault).map((e) => [e.configName, e.configValue]))]),
  );
}

describe('topic provisioning', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = new Kafka({ ...kafkaClientConfig(testKafkaAccess(), 'test-provisioning'), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  // ensureKafkaTopics, as the jest global setup ran it through startInfrastructure.
  it('has every contract topic and its dead-letter topic, partitioned, retained and rolled as specified', async () => {
    const names = TOPIC_SPECS.flatMap((s) => [s.name, deadLetterTopic(s.name)]);
    const { topics } = await admin.fetchTopicMetadata({ topics: names });
    const configs = await configsOf(admin, names);
    for (const spec of TOPIC_SPECS) {
      expect(topics.find((t) => t.name === spec.name)?.partitions).toHaveLength(spec.partitions);
      expect(configs.get(spec.name)?.['retention.ms']).toBe(String(spec.retentionMs));
      expect(configs.get(spec.name)?.['min.insync.replicas']).toBe('1');
      expect(configs.get(deadLetterTopic(spec.name))?.['retention.ms']).toBe(String(DEAD_LETTER_RETENTION_MS));
      // Personal data goes on time: a segment rolls well within the retention (Kafka deletes whole segments).
      const segment = configs.get(spec.name)?.['segment.ms'];
      if (spec.carriesPersonalData) expect(Number(segment)).toBeLessThanOrEqual(spec.retentionMs / 4);
      else expect(segment).toBeUndefined();
    }
  });

  it('brings an existing topic to its configuration, not only new ones; a second run changes nothing', async () => {
    const name = `sargs-test-stale-${randomBytes(4).toString('hex')}`;
    // As an older release left it: a week's retention, no segment roll, another min.insync.replicas.
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: name, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: String(7 * 86_400_000) }] }] });
    const spec = { name, partitions: 2, retentionMs: 6 * 3_600_000, carriesPersonalData: true };
    await provisionTopics(admin, [spec], SINGLE_BROKER);
    const configs = await configsOf(admin, [name, deadLetterTopic(name)]);
    expect(configs.get(name)).toEqual({ 'retention.ms': String(6 * 3_600_000), 'segment.ms': String(1.5 * 3_600_000), 'min.insync.replicas': '1' });
    expect(configs.get(deadLetterTopic(name))).toMatchObject({ 'retention.ms': String(DEAD_LETTER_RETENTION_MS) });
    const { topics } = await admin.fetchTopicMetadata({ topics: [name] });
    expect(topics[0].partitions).toHaveLength(2);
    // A second run finds nothing to change and changes nothing.
    await provisionTopics(admin, [spec], SINGLE_BROKER);
    expect((await configsOf(admin, [name])).get(name)).toEqual(configs.get(name));
    await admin.deleteTopics({ topics: [name, deadLetterTopic(name)] });
  });

  it('refuses more in-sync replicas than copies, before touching the cluster', async () => {
    await expect(provisionTopics(admin, TOPIC_SPECS, { replicationFactor: 1, minInsyncReplicas: 2 })).rejects.toThrow(
      'KAFKA_MIN_INSYNC_REPLICAS (2) cannot exceed KAFKA_REPLICATION_FACTOR (1)',
    );
  });
});
