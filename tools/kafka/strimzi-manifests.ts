// The Strimzi manifests of k8s/kafka, generated from the contracts so they cannot drift from them:
// a KafkaTopic per topic and its `<topic>.dlq` (TOPIC_SPECS, topicConfig), a KafkaUser per service
// with the ACLs of serviceGrants (TOPIC_SPECS' writers, TOPIC_SUBSCRIPTIONS), and their README.
//
//   node -r @swc-node/register tools/kafka/strimzi-manifests.ts --write   # regenerates k8s/kafka
//   node -r @swc-node/register tools/kafka/strimzi-manifests.ts           # exit 1 if they are stale
//
// tools/kafka/strimzi-manifests.spec.ts fails while the committed files differ from this output.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { SARGS_SERVICES, TOPIC_SPECS, TOPIC_SUBSCRIPTIONS, type ServiceName } from '@sargs/contracts';
import { aclEntries, allPrincipalGrants, topicConfig, withDeadLetterTopics, type ServiceGrants, type TopicReplication } from '@sargs/platform/messaging';

/** The Strimzi `Kafka` resource the topics and users belong to (label strimzi.io/cluster). */
export const STRIMZI_CLUSTER = 'kafka';
/** Three brokers: one may be down without losing a write or stopping producers. */
export const STRIMZI_REPLICATION: TopicReplication = { replicationFactor: 3, minInsyncReplicas: 2 };
export const KAFKA_MANIFESTS_DIR = path.resolve(__dirname, '..', '..', 'k8s', 'kafka');
const API_VERSION = 'kafka.strimzi.io/v1beta2';
const REGENERATE = 'node -r @swc-node/register tools/kafka/strimzi-manifests.ts --write';

type AclEntry = ReturnType<typeof aclEntries>[number];

/** One rule of a KafkaUser's `spec.authorization.acls` (Strimzi's AclRule). */
export interface StrimziAclRule {
  resource: { type: 'topic' | 'group' | 'cluster' | 'transactionalId'; name?: string; patternType?: 'literal' | 'prefix' };
  operations: string[];
  host: string;
  /** Only for a DENY binding; Strimzi's default is allow. */
  type?: 'deny';
}

// Kafka's protocol codes, which kafkajs's AclResourceTypes, AclOperationTypes, ResourcePatternTypes
// and AclPermissionTypes carry, to Strimzi's names (kafkajs itself stays behind the messaging lib).
const RESOURCE_TYPES: Record<number, StrimziAclRule['resource']['type']> = { 2: 'topic', 3: 'group', 4: 'cluster', 5: 'transactionalId' };
const OPERATIONS: Record<number, string> = {
  2: 'All',
  3: 'Read',
  4: 'Write',
  5: 'Create',
  6: 'Delete',
  7: 'Alter',
  8: 'Describe',
  9: 'ClusterAction',
  10: 'DescribeConfigs',
  11: 'AlterConfigs',
  12: 'IdempotentWrite',
};
const PATTERN_TYPES: Record<number, 'literal' | 'prefix'> = { 3: 'literal', 4: 'prefix' };
const PERMISSIONS: Record<number, 'allow' | 'deny'> = { 2: 'deny', 3: 'allow' };

/** A binding of aclEntries in Strimzi's schema; throws on what Strimzi cannot say. */
export function strimziAclRule(entry: AclEntry): StrimziAclRule {
  const type = RESOURCE_TYPES[entry.resourceType];
  const operation = OPERATIONS[entry.operation];
  const patternType = PATTERN_TYPES[entry.resourcePatternType];
  const permission = PERMISSIONS[entry.permissionType];
  if (!type || !operation || !patternType || !permission) {
    throw new Error(`no Strimzi ACL for ${JSON.stringify(entry)} (resource ${entry.resourceType}, operation ${entry.operation}, pattern ${entry.resourcePatternType}, permission ${entry.permissionType})`);
  }
  return {
    resource: type === 'cluster' ? { type } : { type, name: entry.resourceName, patternType },
    operations: [operation],
    host: entry.host,
    ...(permission === 'deny' ? { type: 'deny' as const } : {}),
  };
}

const labels = (extra: Record<string, string> = {}) => ({ 'strimzi.io/cluster': STRIMZI_CLUSTER, ...extra, 'app.kubernetes.io/part-of': 'sargs' });

const readersOf = (topic: string): ServiceName[] => SARGS_SERVICES.filter((s) => (TOPIC_SUBSCRIPTIONS[s] as readonly string[]).includes(topic));
const list = (names: readonly string[]): string => (names.length > 0 ? names.join(', ') : 'no service');

/** A KafkaTopic per topic of the contracts and its `.dlq`, with a line saying who writes and reads it. */
export function kafkaTopics(): { comment: string; manifest: Record<string, unknown> }[] {
  const specs = new Map(TOPIC_SPECS.map((s) => [s.name as string, s]));
  return withDeadLetterTopics(TOPIC_SPECS).map((topic) => {
    const spec = specs.get(topic.name);
    const base = spec ? topic.name : topic.name.replace(/\.dlq$/u, '');
    const comment = spec
      ? `${topic.name}: written by ${spec.writer}; read by ${list(readersOf(topic.name))}.`
      : `${topic.name}: dead letters of ${base}, written by its readers (${list(readersOf(base))}).`;
    return {
      comment,
      manifest: {
        apiVersion: API_VERSION,
        kind: 'KafkaTopic',
        metadata: { name: topic.name, labels: labels() },
        spec: { partitions: topic.partitions, replicas: STRIMZI_REPLICATION.replicationFactor, config: topicConfig(topic, STRIMZI_REPLICATION) },
      },
    };
  });
}

/** A KafkaUser per principal (each service's, the restore tool's): SCRAM-SHA-512, and exactly the ACLs of its grants. */
export function kafkaUsers(): { comment: string; manifest: Record<string, unknown> }[] {
  return allPrincipalGrants().map((grants) => {
    const service = 'service' in grants ? (grants as ServiceGrants).service : undefined;
    const acls = aclEntries(grants).map((entry) => {
      if (entry.principal !== `User:${grants.principal}`) throw new Error(`an ACL of ${grants.principal} names ${entry.principal}`);
      return strimziAclRule(entry);
    });
    return {
      comment: service
        ? `${grants.principal}: ${service}'s principal (KAFKA_SASL_USERNAME); its password is in the Secret ${grants.principal}, key password.`
        : `${grants.principal}: the restore Job's principal (k8s/base/restore): it moves the services' stopped consumer groups on the erasure ledger; password in the Secret ${grants.principal}, key password.`,
      manifest: {
        apiVersion: API_VERSION,
        kind: 'KafkaUser',
        metadata: { name: grants.principal, labels: labels({ 'app.kubernetes.io/name': service ?? 'restore' }) },
        spec: { authentication: { type: 'scram-sha-512' }, authorization: { type: 'simple', acls } },
      },
    };
  });
}

function yamlDocuments(header: readonly string[], documents: readonly { comment: string; manifest: Record<string, unknown> }[]): string {
  const head = header.map((line) => `# ${line}`.trimEnd()).join('\n');
  const body = documents.map((d) => `# ${d.comment}\n${stringify(d.manifest, { lineWidth: 0 })}`).join('---\n');
  return `${head}\n${body}`;
}

const GENERATED = [
  `Generated by tools/kafka/strimzi-manifests.ts from libs/contracts: do not edit. Regenerate with`,
  `  ${REGENERATE}`,
  `(tools/kafka/strimzi-manifests.spec.ts fails while this file differs from the contracts).`,
];

export function topicsYaml(): string {
  const { replicationFactor, minInsyncReplicas } = STRIMZI_REPLICATION;
  return yamlDocuments(
    [
      ...GENERATED,
      '',
      `Every topic of the contracts (TOPIC_SPECS) and its dead-letter topic <topic>.dlq, for Strimzi's`,
      `Topic Operator: the contracts' partitions and retention, ${replicationFactor} replicas, a write acknowledged`,
      `once ${minInsyncReplicas} have it; segment.ms within a quarter of the retention where a topic carries personal data.`,
    ],
    kafkaTopics(),
  );
}

export function usersYaml(): string {
  return yamlDocuments(
    [
      ...GENERATED,
      '',
      `A principal per service for Strimzi's User Operator: SCRAM-SHA-512, and ACLs (serviceGrants of`,
      `libs/platform/messaging) that let it write only its own topics and the dead letters of what it`,
      `consumes, read only what it consumes (TOPIC_SUBSCRIPTIONS) and use only its consumer group. The`,
      `operator creates a Secret named like the user with the key password, which the service's`,
      `Deployment reads as KAFKA_SASL_PASSWORD.`,
    ],
    kafkaUsers(),
  );
}

const code = (names: readonly string[]): string => (names.length > 0 ? names.map((n) => `\`${n}\``).join(', ') : '-');

export function readme(): string {
  const topics = withDeadLetterTopics(TOPIC_SPECS).length;
  const { replicationFactor, minInsyncReplicas } = STRIMZI_REPLICATION;
  const rows = allPrincipalGrants().map((g) => `| \`${g.principal}\` | ${code(g.write)} | ${code(g.read)} | ${code(g.groups)} |`);
  return `# Kafka topics and principals (Strimzi)

<!-- Generated by tools/kafka/strimzi-manifests.ts from libs/contracts: do not edit. Regenerate with
     ${REGENERATE} -->

- \`topics.yaml\`: a \`KafkaTopic\` for each of the ${topics} topics (every topic of the contracts
  and its \`<topic>.dlq\`): the contracts' partitions and retention, ${replicationFactor} replicas,
  \`min.insync.replicas\` ${minInsyncReplicas}. Strimzi's Topic Operator creates and configures them; the apps never
  create a topic.
- \`users.yaml\`: a \`KafkaUser\` per service, \`sargs-<service>\`, with SCRAM-SHA-512 and the ACLs
  below. Strimzi's User Operator creates the user and its ACLs, and a Secret \`sargs-<service>\`
  whose key \`password\` the service's Deployment reads as \`KAFKA_SASL_PASSWORD\`.

\`kubectl apply -k k8s/kafka\` puts them in the namespace \`sargs\`, so the Secrets land beside the
pods: the \`Kafka\` resource \`${STRIMZI_CLUSTER}\` must have its operators watch it
(\`spec.entityOperator.topicOperator.watchedNamespace\` and \`userOperator.watchedNamespace\`:
\`sargs\`), \`spec.kafka.authorization.type: simple\`, and on the listener the services use (port
9092) \`authentication.type: scram-sha-512\` (and \`tls: true\` for the production overlay). See
k8s/README.md, "Kafka".

Without Strimzi, the admin principal (a super user) provisions the same topics and ACLs:
\`KAFKA_BROKERS=… KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_SASL_USERNAME=… KAFKA_SASL_PASSWORD=… KAFKA_REPLICATION_FACTOR=${replicationFactor}
KAFKA_MIN_INSYNC_REPLICAS=${minInsyncReplicas} npm run kafka:provision\` (with \`KAFKA_SSL=verify-full\` and
\`KAFKA_SSL_CA_FILE\` for TLS); the SCRAM users \`sargs-<service>\` are then created by hand.

| principal | write | read | consumer group (read) |
|---|---|---|---|
${rows.join('\n')}
`;
}

/** Each file of k8s/kafka that is generated, and its text. */
export function strimziManifests(): Record<'topics.yaml' | 'users.yaml' | 'README.md', string> {
  return { 'topics.yaml': topicsYaml(), 'users.yaml': usersYaml(), 'README.md': readme() };
}

/** The generated files whose committed text differs from the generator's. */
export function staleManifests(dir: string = KAFKA_MANIFESTS_DIR): string[] {
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(path.join(dir, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  return Object.entries(strimziManifests())
    .filter(([file, text]) => read(file) !== text)
    .map(([file]) => file);
}

function main(argv: readonly string[]): void {
  if (argv.length > 1 || (argv.length === 1 && argv[0] !== '--write')) {
    console.error(`usage: strimzi-manifests.ts [--write]   (without --write: exit 1 if k8s/kafka is stale)`);
    process.exit(2);
  }
  if (argv[0] === '--write') {
    for (const [file, text] of Object.entries(strimziManifests())) writeFileSync(path.join(KAFKA_MANIFESTS_DIR, file), text);
    console.log(`wrote ${Object.keys(strimziManifests()).map((f) => path.join('k8s/kafka', f)).join(', ')}`);
    return;
  }
  const stale = staleManifests();
  if (stale.length > 0) {
    console.error(`stale: ${stale.map((f) => path.join('k8s/kafka', f)).join(', ')}; run ${REGENERATE}`);
    process.exit(1);
  }
  console.log('k8s/kafka is up to date with the contracts');
}

if (require.main === module) main(process.argv.slice(2));
