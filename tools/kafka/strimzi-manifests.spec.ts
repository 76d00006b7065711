import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SARGS_SERVICES, TOPIC_SPECS } from '@sargs/contracts';
import { allPrincipalGrants, topicConfig, withDeadLetterTopics } from '@sargs/platform/messaging';
import { KAFKA_MANIFESTS_DIR, STRIMZI_REPLICATION, strimziManifests } from './strimzi-manifests';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
}

interface UserSpec {
  authentication: { type: string };
  authorization: { type: string; acls: { resource: { type: string; name?: string; patternType?: string }; operations: string[]; host: string; type?: string }[] };
}

const committed = (file: string): string => readFileSync(path.join(KAFKA_MANIFESTS_DIR, file), 'utf8');

function manifests(file: string): Manifest[] {
  return parseAllDocuments(committed(file)).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as Manifest;
  });
}

const sorted = (items: readonly string[]): string[] => [...items].sort();

describe('k8s/kafka, generated from the contracts', () => {
  it.each(Object.keys(strimziManifests()))('%s is what tools/kafka/strimzi-manifests.ts generates (else run it with --write)', (file) => {
    expect(committed(file)).toBe(strimziManifests()[file as keyof ReturnType<typeof strimziManifests>]);
  });

  it('has a KafkaTopic for every topic and its .dlq: its partitions, 3 replicas, the config of topicConfig', () => {
    const topics = manifests('topics.yaml');
    const expected = withDeadLetterTopics(TOPIC_SPECS).map((t) => ({
      kind: 'KafkaTopic',
      name: t.name,
      cluster: 'kafka',
      spec: { partitions: t.partitions, replicas: 3, config: topicConfig(t, STRIMZI_REPLICATION) },
    }));
    expect(topics.map((t) => ({ kind: t.kind, name: t.metadata.name, cluster: t.metadata.labels?.['strimzi.io/cluster'], spec: t.spec }))).toEqual(expected);
    expect(STRIMZI_REPLICATION).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(topics.filter((t) => t.apiVersion !== 'kafka.strimzi.io/v1beta2' || t.metadata.namespace)).toEqual([]);
  });

  describe.each(allPrincipalGrants().map((g) => [g.principal, g] as const))('KafkaUser %s', (principal, grants) => {
    const user = () => {
      const found = manifests('users.yaml').filter((u) => u.kind === 'KafkaUser' && u.metadata.name === grants.principal);
      expect(found).toHaveLength(1);
      return found[0];
    };

    it('is of the cluster kafka, with SCRAM-SHA-512 and simple authorization', () => {
      const spec = user().spec as unknown as UserSpec;
      expect({ name: user().metadata.name, cluster: user().metadata.labels?.['strimzi.io/cluster'], apiVersion: user().apiVersion, namespace: user().metadata.namespace }).toEqual({
        name: principal,
        cluster: 'kafka',
        apiVersion: 'kafka.strimzi.io/v1beta2',
        namespace: undefined,
      });
      expect({ authentication: spec.authentication.type, authorization: spec.authorization.type }).toEqual({ authentication: 'scram-sha-512', authorization: 'simple' });
    });

    it('grants exactly its grants: Write on its write topics, Read on its read topics and its groups, nothing else', () => {
      const { acls } = (user().spec as unknown as UserSpec).authorization;
      // Every rule: one allowed operation on one literal resource, from any host.
      expect(acls.filter((a) => a.operations.length !== 1 || a.resource.patternType !== 'literal' || a.host !== '*' || a.type !== undefined)).toEqual([]);
      const names = (type: string, operation: string) => sorted(acls.filter((a) => a.resource.type === type && a.operations[0] === operation).map((a) => a.resource.name ?? ''));
      expect({ write: names('topic', 'Write'), read: names('topic', 'Read'), group: names('group', 'Read') }).toEqual({
        write: sorted(grants.write),
        read: sorted(grants.read),
        group: sorted(grants.groups),
      });
      expect(acls).toHaveLength(grants.write.length + grants.read.length + grants.groups.length);
    });
  });

  it('has a KafkaUser for each service and the restore tool only, and grants only topics it defines', () => {
    const users = manifests('users.yaml');
    expect(sorted(users.map((u) => u.metadata.name))).toEqual(sorted([...SARGS_SERVICES.map((s) => `sargs-${s}`), 'sargs-restore']));
    const topics = new Set(manifests('topics.yaml').map((t) => t.metadata.name));
    const granted = users.flatMap((u) => (u.spec as unknown as UserSpec).authorization.acls.filter((a) => a.resource.type === 'topic').map((a) => a.resource.name ?? ''));
    expect(granted.filter((name) => !topics.has(name))).toEqual([]);
  });

  it('README.md has the ACL table of every principal', () => {
    const readme = committed('README.md');
    for (const { principal, write, read, groups } of allPrincipalGrants()) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${principal}\` |`));
      expect(row).toBeDefined();
      for (const name of [...write, ...read, ...groups]) expect(row).toContain(`\`${name}\``);
    }
  });
});
