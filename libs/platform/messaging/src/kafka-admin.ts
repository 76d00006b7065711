import { Kafka, logLevel, type Admin } from 'kafkajs';
import { kafkaClientConfig, type KafkaAccess } from './kafka-access';
import { DEAD_LETTER_RETENTION_MS, deadLetterTopic, TOPIC_SPECS } from '@sargs/contracts';
import { applyAcls } from './kafka-acls';

export interface TopicToProvision {
  name: string;
  partitions: number;
  retentionMs: number;
  /** Its segments roll within a quarter of retentionMs, so its messages really go on time. */
  carriesPersonalData?: boolean;
}

/** How many copies each topic keeps, and how many must have a write before it is acknowledged. */
export interface TopicReplication {
  replicationFactor: number;
  minInsyncReplicas: number;
}

/** One broker (the local stack, tests): one copy. Production runs three brokers with 3 and 2. */
export const SINGLE_BROKER: TopicReplication = { replicationFactor: 1, minInsyncReplicas: 1 };

/** Each topic and its `<topic>.dlq`, partitioned alike so a dead letter keeps its key's partition. */
export function withDeadLetterTopics(specs: readonly TopicToProvision[]): TopicToProvision[] {
  return specs.flatMap((spec) => [
    { name: spec.name, partitions: spec.partitions, retentionMs: spec.retentionMs, carriesPersonalData: spec.carriesPersonalData },
    { name: deadLetterTopic(spec.name), partitions: spec.partitions, retentionMs: DEAD_LETTER_RETENTION_MS, carriesPersonalData: spec.carriesPersonalData },
  ]);
}

/**
 * The configuration a topic must have. Kafka deletes a log only a whole segment at a time, and a
 * segment rolls after `segment.ms` (default 7 days): on a topic with personal data that would keep
 * an export section, retained for 6 hours, for a week. A segment there rolls within a quarter of
 * the retention, so nothing outlives it by more than that.
 */
export function topicConfig(topic: TopicToProvision, replication: TopicReplication): Record<string, string> {
  return {
    'retention.ms': String(topic.retentionMs),
    'min.insync.replicas': String(replication.minInsyncReplicas),
    ...(topic.carriesPersonalData ? { 'segment.ms': String(Math.max(60_000, Math.floor(topic.retentionMs / 4))) } : {}),
  };
}

const TOPIC_RESOURCE = 2; // ConfigResourceTypes.TOPIC

/**
 * Creates each topic and its dead-letter topic unless it exists (the broker never auto-creates),
 * adds partitions to an existing topic that has fewer than its spec, and brings an existing
 * topic's configuration to what topicConfig says. The replication factor of an existing topic is
 * not changed here: that is a partition reassignment, an operator's task.
 */
export async function provisionTopics(admin: Admin, specs: readonly TopicToProvision[], replication: TopicReplication = SINGLE_BROKER): Promise<void> {
  if (replication.minInsyncReplicas > replication.replicationFactor) {
    throw new Error(`KAFKA_MIN_INSYNC_REPLICAS (${replication.minInsyncReplicas}) cannot exceed KAFKA_REPLICATION_FACTOR (${replication.replicationFactor})`);
  }
  const wanted = withDeadLetterTopics(specs);
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((t) => !existing.has(t.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: replication.replicationFactor,
        configEntries: Object.entries(topicConfig(t, replication)).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  const present = wanted.filter((t) => existing.has(t.name));
  if (present.length === 0) return;
  const { topics } = await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) });
  const grow = present.filter((t) => (topics.find((m) => m.name === t.name)?.partitions.length ?? t.partitions) < t.partitions);
  if (grow.length > 0) await admin.createPartitions({ topicPartitions: grow.map((t) => ({ topic: t.name, count: t.partitions })) });
  await updateTopicConfigs(admin, present, replication);
}

/**
 * Rewrites the configuration of the topics whose managed entries differ. Kafka's AlterConfigs (all
 * kafkajs has) replaces a topic's whole dynamic configuration, so every managed entry is sent, and
 * an entry set on these topics by hand is reset: their configuration is the code's.
 */
async function updateTopicConfigs(admin: Admin, topics: readonly TopicToProvision[], replication: TopicReplication): Promise<void> {
  const names = [...new Set(topics.flatMap((t) => Object.keys(topicConfig(t, replication))))];
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((t) => ({ type: TOPIC_RESOURCE, name: t.name, configNames: names })),
  });
  const stale = topics.filter((t) => {
    const actual = resources.find((r) => r.resourceName === t.name)?.configEntries ?? [];
    return Object.entries(topicConfig(t, replication)).some(([name, value]) => actual.find((e) => e.configName === name)?.configValue !== value);
  });
  if (stale.length === 0) return;
  await admin.alterConfigs({
    validateOnly: false,
    resources: stale.map((t) => ({
      type: TOPIC_RESOURCE,
      name: t.name,
      configEntries: Object.entries(topicConfig(t, replication)).map(([name, value]) => ({ name, value })),
    })),
  });
}

function toolClient(access: KafkaAccess, clientId: string): Kafka {
  return new Kafka({ ...kafkaClientConfig(access, clientId), logLevel: logLevel.NOTHING, connectionTimeout: 1000, requestTimeout: 5000, retry: { retries: 0 } });
}

export interface KafkaProvisioning {
  /** Default: TOPIC_SPECS of the contracts. */
  topics?: readonly TopicToProvision[];
  replication?: TopicReplication;
  /** Also bring each principal's ACLs (the services', the restore tool's) to the contracts' (a broker with an authorizer). */
  acls: boolean;
}

/**
 * The provisioning principal's one job, for tools (local stack, tests, the provisioning job):
 * creates and configures the topics, then the service principals' ACLs.
 */
export async function provisionKafka(access: KafkaAccess, options: KafkaProvisioning): Promise<void> {
  const admin = new Kafka({ ...kafkaClientConfig(access, 'sargs-provisioning'), logLevel: logLevel.ERROR }).admin();
  await admin.connect();
  try {
    await provisionTopics(admin, options.topics ?? TOPIC_SPECS, options.replication);
    if (options.acls) await applyAcls(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * One readiness probe of a freshly started broker, for tools: metadata and a group coordinator
 * (it creates __consumer_offsets on first use), so the apps do not meet a coordinator that is
 * still loading. Throws while either is not ready.
 */
export async function probeKafkaReady(access: KafkaAccess): Promise<void> {
  const kafka = toolClient(access, 'sargs-readiness-probe');
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    await admin.describeGroups(['sargs-readiness-probe']);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** An admin client for a tool that moves offsets: a few retries, no logs of its own. */
const offsetsClient = (access: KafkaAccess): Kafka =>
  new Kafka({ ...kafkaClientConfig(access, 'sargs-offsets'), logLevel: logLevel.NOTHING, connectionTimeout: 3000, retry: { retries: 3 } });

/** A consumer group still has members: its offsets cannot be moved until its service is stopped. */
export class ConsumerGroupActiveError extends Error {
  constructor(
    readonly groupId: string,
    readonly members: number,
  ) {
    super(`consumer group ${groupId} has ${members} active member(s): stop its service first (a killed instance leaves the group after its session timeout, 30 s)`);
    this.name = 'ConsumerGroupActiveError';
  }
}

export interface GroupOffsetChange {
  partition: number;
  /** The committed offset before; null when the group had none (it reads from the beginning then). */
  from: string | null;
  to: string;
}

/**
 * Throws ConsumerGroupActiveError when the group has members. For tools that move offsets, which
 * Kafka allows only on an empty group.
 */
export async function assertConsumerGroupEmpty(access: KafkaAccess, groupId: string): Promise<void> {
  const admin = offsetsClient(access).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const members = groups[0]?.members.length ?? 0;
    if (members > 0) throw new ConsumerGroupActiveError(groupId, members);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Moves a stopped consumer group back on `topic` to the first message at or after `time`, so its
 * service consumes again from there when it starts (a restore replays the erasure ledger this
 * way). Never moves a partition forward: where the group's committed offset is already earlier,
 * or the group has none (it then reads from the beginning), it stays. A group that does not
 * exist is left alone. Returns what changed.
 */
export async function resetGroupOffsetsToTime(access: KafkaAccess, groupId: string, topic: string, time: Date): Promise<GroupOffsetChange[]> {
  const admin = offsetsClient(access).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const group = groups[0];
    if (!group || group.state === 'Dead') return [];
    if (group.members.length > 0) throw new ConsumerGroupActiveError(groupId, group.members.length);
    const targets = await admin.fetchTopicOffsetsByTimestamp(topic, time.getTime());
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const current = new Map((committed?.partitions ?? []).map((p) => [p.partition, p.offset]));
    const changes: GroupOffsetChange[] = [];
    for (const { partition, offset } of targets) {
      const from = current.get(partition);
      if (from === undefined || Number(from) < 0 || BigInt(from) <= BigInt(offset)) continue;
      changes.push({ partition, from, to: offset });
    }
    if (changes.length > 0) await admin.setOffsets({ groupId, topic, partitions: changes.map((c) => ({ partition: c.partition, offset: c.to })) });
    return changes;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** A partition a consumer group must have committed up to (exclusive end offset) to have caught up. */
export interface ReplayTarget {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Where a stopped group stands behind the end of `topics` now: each partition on which its
 * committed offset (or the beginning, where it has none) lies before the end offset, with that
 * end. Once the group has committed that far on every one, it has replayed everything published
 * before this call (a restore records them; docs/retention.md, "Backups and restore").
 */
export async function replayTargets(access: KafkaAccess, groupId: string, topics: readonly string[]): Promise<ReplayTarget[]> {
  const admin = offsetsClient(access).admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
    const targets: ReplayTarget[] = [];
    for (const topic of topics) {
      const at = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        const from = at.get(partition) ?? -1n;
        if ((from < 0n ? BigInt(low) : from) < BigInt(high)) targets.push({ topic, partition, offset: high });
      }
    }
    return targets;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Moves stopped consumer groups to the end of every topic, so their services start with only
 * what is published from now on: for a harness that starts services again and again on one
 * broker (the benchmark), where a new group would otherwise read every earlier run's events from
 * the beginning. ConsumerGroupActiveError while a group still has members.
 */
export async function moveGroupsToEnd(access: KafkaAccess, groupIds: readonly string[], topics: readonly string[]): Promise<void> {
  const kafka = offsetsClient(access);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([...groupIds]);
    const active = groups.find((g) => g.members.length > 0);
    if (active) throw new ConsumerGroupActiveError(active.groupId, active.members.length);
    const ends = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));
    // One short-lived member per group, all topics at once: kafkajs's admin.setOffsets joins the
    // group once per topic and waits a fetch cycle each time (minutes for a few groups).
    await Promise.all(groupIds.map((groupId) => seekGroup(kafka, groupId, ends)));
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Joins `groupId` alone, seeks every partition (a seek commits it), and leaves after the first fetch. */
async function seekGroup(kafka: Kafka, groupId: string, ends: { topic: string; partitions: { partition: number; offset: string }[] }[]): Promise<void> {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: ends.map((e) => e.topic), fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => resolve());
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause(ends.map((e) => ({ topic: e.topic })));
      for (const { topic, partitions } of ends) for (const { partition, offset } of partitions) consumer.seek({ topic, partition, offset });
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}
