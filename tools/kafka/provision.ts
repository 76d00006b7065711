// Provisions Kafka for Sargs as the admin principal: creates and configures every topic of
// libs/contracts (TOPIC_SPECS) and its `<topic>.dlq`, then brings each service principal's ACLs
// (`sargs-<service>`) to what the contracts say (libs/platform/messaging, kafka-acls.ts). The apps
// never create topics; this runs before them (docker-compose.yml's kafka-provision, or by hand on
// a cluster without Strimzi: k8s/kafka/README.md). Idempotent: run it again after a contract changes.
//
//   KAFKA_BROKERS=host:port,... KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_SASL_USERNAME=sargs-admin KAFKA_SASL_PASSWORD=... \
//     [KAFKA_SSL=verify-full [KAFKA_SSL_CA_FILE=ca.crt]] \
//     [KAFKA_REPLICATION_FACTOR=3 KAFKA_MIN_INSYNC_REPLICAS=2] \
//     npm run kafka:provision [-- --no-acls]
//
// --no-acls: topics only, for a broker without an authorizer (and without authentication).
import { z } from 'zod';
import { TOPIC_SPECS } from '@sargs/contracts';
import { ConfigError, envPositiveInt, loadConfig } from '@sargs/platform/config';
import { allPrincipalGrants, kafkaAccessOf, kafkaConfigFields, provisionKafka, withDeadLetterTopics, type KafkaAccess, type TopicReplication } from '@sargs/platform/messaging';

export const USAGE = `usage: KAFKA_BROKERS=host:port,... KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_SASL_USERNAME=<admin> KAFKA_SASL_PASSWORD=... npm run kafka:provision [-- --no-acls]
  KAFKA_BROKERS              required: the brokers, comma-separated host:port
  KAFKA_SASL_MECHANISM       scram-sha-512 with the admin principal (KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD:
                             a super user, or ALTER on the cluster and CREATE/ALTER_CONFIGS on the topics);
                             none (default) only with --no-acls
  KAFKA_SSL                  off (default) or verify-full: TLS, the brokers' certificates checked
  KAFKA_SSL_CA_FILE          with verify-full: PEM file of the CA (default: the system's CAs)
  KAFKA_REPLICATION_FACTOR   copies of each new topic (default 1)
  KAFKA_MIN_INSYNC_REPLICAS  copies a write needs before it is acknowledged (default 1)
  --no-acls                  topics only: a broker without an authorizer (no authentication either)`;

export class UsageError extends Error {}

/** The variables every app reads to reach Kafka (kafkaConfigFields), and the replication of new topics. */
const provisionConfigSchema = z.object({
  ...kafkaConfigFields,
  KAFKA_REPLICATION_FACTOR: envPositiveInt(1),
  KAFKA_MIN_INSYNC_REPLICAS: envPositiveInt(1),
});

export interface ProvisionArguments {
  /** The admin principal's access (the CA file read); without credentials only with --no-acls. */
  access: KafkaAccess;
  /** For the report: where the CA came from. */
  caFile?: string;
  replication: TopicReplication;
  acls: boolean;
}

/** Unset and empty are the same (compose and shells give empty values for unset references). */
const withoutEmpty = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim()));

/**
 * Parses the command line (`process.argv.slice(2)`) and the environment with the apps' own Kafka
 * settings (it reads the CA file). Throws UsageError, whose message never holds the password.
 */
export function parseProvisionArguments(argv: readonly string[], env: NodeJS.ProcessEnv): ProvisionArguments {
  let acls = true;
  for (const arg of argv) {
    if (arg === '--no-acls') acls = false;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg.split('=')[0]}`);
    // Not echoed: a misplaced password would be.
    else throw new UsageError('unexpected argument: the settings come from the environment (see below)');
  }
  let config: z.infer<typeof provisionConfigSchema>;
  let access: KafkaAccess;
  try {
    config = loadConfig(provisionConfigSchema, withoutEmpty(env));
    access = kafkaAccessOf(config);
  } catch (err) {
    // Both name variables, never their values.
    if (err instanceof ConfigError || (err as Error).message.startsWith('Invalid configuration')) throw new UsageError((err as Error).message);
    throw err;
  }
  if (!access.credentials && acls) {
    throw new UsageError('ACLs need a broker with authentication: give the admin principal (KAFKA_SASL_MECHANISM=scram-sha-512, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD), or --no-acls for a broker without');
  }
  const replication: TopicReplication = { replicationFactor: config.KAFKA_REPLICATION_FACTOR, minInsyncReplicas: config.KAFKA_MIN_INSYNC_REPLICAS };
  if (replication.minInsyncReplicas > replication.replicationFactor) {
    throw new UsageError(`KAFKA_MIN_INSYNC_REPLICAS (${replication.minInsyncReplicas}) cannot exceed KAFKA_REPLICATION_FACTOR (${replication.replicationFactor})`);
  }
  return { access, ...(access.tls && env.KAFKA_SSL_CA_FILE ? { caFile: env.KAFKA_SSL_CA_FILE } : {}), replication, acls };
}

/** What a successful run has done, line by line, for the log: names and numbers, never the password. */
export function provisioningReport(args: ProvisionArguments): string[] {
  const topics = withDeadLetterTopics(TOPIC_SPECS);
  const transport = args.access.tls ? `TLS, certificates checked against ${args.caFile ?? "the system's CAs"}` : 'no TLS';
  const who = args.access.credentials ? `as ${args.access.credentials.username}` : 'without authentication';
  const lines = [
    `brokers ${args.access.brokers.join(',')} (${transport}), ${who}`,
    `${topics.length} topics (${TOPIC_SPECS.length} and their .dlq): created where missing with replication factor ${args.replication.replicationFactor}, ` +
      `partitions raised to the contracts', configs set (min.insync.replicas=${args.replication.minInsyncReplicas}, retention.ms, segment.ms)`,
  ];
  if (!args.acls) return [...lines, 'ACLs: left alone (--no-acls)'];
  lines.push(`ACLs: each principal's brought to the contracts' (missing ones added, any other of that principal deleted):`);
  for (const g of allPrincipalGrants()) {
    lines.push(`  ${g.principal}: write ${g.write.join(', ') || 'nothing'}; read ${g.read.join(', ')}; groups ${g.groups.join(', ')}`);
  }
  return lines;
}

async function main(): Promise<void> {
  let args: ProvisionArguments;
  try {
    args = parseProvisionArguments(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`kafka:provision: ${err.message}\n${USAGE}`);
    process.exit(2);
  }
  const log = (line: string): void => console.log(`[kafka:provision] ${line}`);
  try {
    await provisionKafka(args.access, { topics: TOPIC_SPECS, replication: args.replication, acls: args.acls });
  } catch (err) {
    console.error(`[kafka:provision] failed (brokers ${args.access.brokers.join(',')}): ${(err as Error).message}`);
    process.exit(1);
  }
  for (const line of provisioningReport(args)) log(line);
  log('done');
}

if (require.main === module) void main();
