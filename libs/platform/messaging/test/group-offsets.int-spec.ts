import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { testKafkaAccess } from '@sargs/testing';
import { kafkaClientConfig } from '../src/kafka-access';
import { ConsumerGroupActiveError, moveGroupsToEnd } from '../src/kafka-admin';

describe('moving stopped consumer groups to the end of their topics', () => {
  const access = testKafkaAccess();
  const kafka = new Kafka({ ...kafkaClientConfig(access, 'test-group-offsets'), logLevel: logLevel.NOTHING });
  let admin: Admin;
  const suffix = randomBytes(4).toString('hex');
  const topics = [`sargs-test-offsets-a-${suffix}`, `sargs-test-offsets-b-${suffix}`];
  const groups = [`sargs-test-group-1-${suffix}`, `sargs-test-group-2-${suffix}`];

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: 3 })) });
    // Idempotent: a send retried on a busy broker must not write the backlog twice (the test counts it).
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (const topic of topics) await producer.send({ topic, messages: Array.from({ length: 30 }, (_, i) => ({ key: String(i), value: 'backlog' })) });
    await producer.disconnect();
  });
  afterAll(async () => {
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.deleteTopics({ topics });
    await admin.disconnect();
  });

  it('commits every partition of every topic at its end, for a group that never ran and one that did', async () => {
    // group 2 once read topic a from the start and committed there; group 1 never ran.
    await admin.setOffsets({ groupId: groups[1], topic: topics[0], partitions: [0, 1, 2].map((partition) => ({ partition, offset: '0' })) });
    await moveGroupsToEnd(access, groups, topics);
    for (const topic of topics) {
      const ends = (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.offset })).sort((a, b) => a.partition - b.partition);
      expect(ends.reduce((sum, p) => sum + Number(p.offset), 0)).toBe(30);
      for (const groupId of groups) {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        expect({ groupId, topic, partitions: committed.partitions.map((p) => ({ partition: p.partition, offset: p.offset })).sort((a, b) => a.partition - b.partition) }).toEqual({ groupId, topic, partitions: ends });
      }
    }
  });

  it('refuses while a group has a member, moving nothing', async () => {
    const member = kafka.consumer({ groupId: groups[0] });
    await member.connect();
    await member.subscribe({ topics: [topics[0]] });
    await member.run({ eachMessage: async () => undefined });
    try {
      await expect(moveGroupsToEnd(access, groups, topics)).rejects.toBeInstanceOf(ConsumerGroupActiveError);
    } finally {
      await member.disconnect();
    }
  });
});
