import { rmSync } from 'node:fs';
import path from 'node:path';
import { TOPIC_SPECS } from '@sargs/contracts';
import { provisionKafka, type KafkaAccess, type KafkaCredentials, type TopicToProvision } from '@sargs/platform/messaging';
import { SARGS_SERVICES, type ServiceName } from './apps';
import { ensureDevSecrets, type DevSecrets } from './dev-secrets';
import { startEmbeddedPostgres } from './embedded-postgres';
import { reachableDataDir } from './postgres-user';
import { enableStatementStats } from './postgres-statements';
import { startKafkaBroker } from './kafka-broker';
import { adminKafkaAccess, brokerSasl, serviceKafkaCredentials } from './kafka-principals';
import { ensureKafkaDistribution } from './kafka-distribution';
import { startMailDev } from './maildev';
import { ensureBackupRole, ensureServiceDatabase } from './service-databases';

export interface InfrastructurePorts {
  postgres: number;
  kafka: number;
  kafkaController: number;
  smtp: number;
  mailWeb: number;
}

export const DEFAULT_INFRASTRUCTURE_PORTS: InfrastructurePorts = { postgres: 54329, kafka: 9092, kafkaController: 9093, smtp: 1025, mailWeb: 1080 };

/** Point at something already running instead of starting our own (docs/architecture.md, "Local stack"). */
export interface InfrastructureOverrides {
  /** A server URL whose role may create roles and databases. */
  DATABASE_URL?: string;
  KAFKA_BROKERS?: string;
  /**
   * With KAFKA_BROKERS: `none` for a broker without authentication (no credentials, no ACLs);
   * otherwise it must know the principals of .data/dev-secrets.json (docs/messaging.md).
   */
  KAFKA_SASL_MECHANISM?: string;
  SMTP_URL?: string;
}

export interface InfrastructureOptions {
  /** Postgres cluster, Kafka log, caught mails, dev secrets and logs go under it. */
  dataDir: string;
  /** Kafka jars; default $SARGS_CACHE_DIR or ~/.cache/sargs. */
  cacheDir?: string;
  ports?: Partial<InfrastructurePorts>;
  env?: InfrastructureOverrides;
  /** false: Postgres without fsync, for throwaway test data. */
  durable?: boolean;
  /** Our PostgreSQL counts its statements (pg_stat_statements; the benchmark reads them). */
  postgresStatementStats?: boolean;
  /** The data is thrown away on stop (tests, bench): Postgres data kept outside dataDir goes too. */
  ephemeral?: boolean;
  /** Children in their own process groups: the owner stops them in order on Ctrl+C. */
  detached?: boolean;
  kafkaHeapMb?: number;
  /** The tests' broker: a JVM tuned to start and idle cheaply (KafkaBrokerOptions.throwaway). */
  kafkaThrowaway?: boolean;
  /**
   * false: our broker runs PLAINTEXT without an authorizer (the benchmark's baseline for what
   * SASL costs). Default true: SCRAM-SHA-512 principals and ACLs, as in production.
   */
  kafkaAuth?: boolean;
  /** Default: TOPIC_SPECS of the contracts (each with its .dlq). */
  topics?: readonly TopicToProvision[];
  log?: (message: string) => void;
}

export interface Infrastructure {
  /** Superuser (or DATABASE_URL's) URL of the server. */
  postgresServerUrl: string;
  kafkaBrokers: string[];
  /** The admin principal's access: provisions topics and ACLs, moves offsets (tools, tests). */
  kafkaAdmin: KafkaAccess;
  /** A service's own Kafka credentials; undefined on a broker without authentication. */
  kafkaCredentials(service: ServiceName): KafkaCredentials | undefined;
  smtpUrl: string;
  /** MailDev's web UI and API, when we run MailDev. */
  maildevUrl?: string;
  /** Where the broker's jars are, when we run the broker; a test can start a broker of its own. */
  kafkaLibsDir?: string;
  embedded: { postgres: boolean; kafka: boolean; maildev: boolean };
  secrets: DevSecrets;
  databaseUrls: Record<ServiceName, string>;
  /** Stops what we started: Kafka, MailDev, then Postgres. Safe to call twice. */
  stop(): Promise<void>;
}

interface Stoppable {
  stop(): Promise<void>;
}

/** Starts whatever of Postgres, Kafka and MailDev is not given, in parallel, then topics and databases. */
export async function startInfrastructure(options: InfrastructureOptions): Promise<Infrastructure> {
  const ports = { ...DEFAULT_INFRASTRUCTURE_PORTS, ...options.ports };
  const env = options.env ?? {};
  const log = options.log ?? (() => undefined);
  const { dataDir, durable = true, detached = false } = options;
  const kafkaAuth = env.KAFKA_BROKERS ? env.KAFKA_SASL_MECHANISM !== 'none' : options.kafkaAuth !== false;
  const secrets = ensureDevSecrets(path.join(dataDir, 'dev-secrets.json'));
  const handles: { kafka?: Stoppable; maildev?: Stoppable; postgres?: Stoppable } = {};
  let kafkaLibsDir: string | undefined;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const name of ['kafka', 'maildev', 'postgres'] as const) {
        if (!handles[name]) continue;
        log(`Stopping ${name}...`);
        await handles[name].stop().catch((err: Error) => console.error(`Stopping ${name} failed: ${err.message}`));
      }
    })());

  const postgres = async (): Promise<string> => {
    if (env.DATABASE_URL) return env.DATABASE_URL;
    log(`Starting PostgreSQL on 127.0.0.1:${ports.postgres}...`);
    const pgData = reachableDataDir(path.join(dataDir, 'postgres'));
    if (pgData.fallback) log(`PostgreSQL data in ${pgData.dir}: the "postgres" user cannot enter ${dataDir}.`);
    const pg = await startEmbeddedPostgres({ dataDir: pgData.dir, port: ports.postgres, durable, detached, statementStats: options.postgresStatementStats });
    if (options.postgresStatementStats) await enableStatementStats(pg.serverUrl);
    // Throwaway clusters (tests, bench) outside dataDir go with them.
    handles.postgres = pgData.fallback && options.ephemeral ? { stop: () => pg.stop().then(() => rmSync(path.dirname(pgData.dir), { recursive: true, force: true })) } : pg;
    return pg.serverUrl;
  };
  const kafka = async (): Promise<string[]> => {
    if (env.KAFKA_BROKERS) return env.KAFKA_BROKERS.split(',').map((b) => b.trim());
    kafkaLibsDir = await ensureKafkaDistribution({ cacheDir: options.cacheDir, log });
    log(`Starting Kafka on 127.0.0.1:${ports.kafka}...`);
    const broker = await startKafkaBroker({
      libsDir: kafkaLibsDir,
      dataDir: path.join(dataDir, 'kafka'),
      port: ports.kafka,
      controllerPort: ports.kafkaController,
      heapMb: options.kafkaHeapMb,
      throwaway: options.kafkaThrowaway,
      detached,
      sasl: kafkaAuth ? brokerSasl(secrets) : undefined,
      log,
    });
    handles.kafka = broker;
    return [broker.brokers];
  };
  const maildev = async (): Promise<{ smtpUrl: string; webUrl?: string }> => {
    if (env.SMTP_URL) return { smtpUrl: env.SMTP_URL };
    log(`Starting MailDev on 127.0.0.1:${ports.smtp} (web ${ports.mailWeb})...`);
    const mail = await startMailDev({ smtpPort: ports.smtp, webPort: ports.mailWeb, mailDir: path.join(dataDir, 'maildev'), logFile: path.join(dataDir, 'maildev.log'), detached });
    handles.maildev = mail;
    return mail;
  };

  try {
    // Postgres's initdb and the JVM's start overlap well; each failure is reported, all are cleaned up.
    const [pgResult, kafkaResult, mailResult] = await Promise.allSettled([postgres(), kafka(), maildev()]);
    const failures = [pgResult, kafkaResult, mailResult].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0) throw new Error(failures.map((f) => (f.reason as Error).message).join('\n\n'));
    const postgresServerUrl = (pgResult as PromiseFulfilledResult<string>).value;
    const kafkaBrokers = (kafkaResult as PromiseFulfilledResult<string[]>).value;
    const mail = (mailResult as PromiseFulfilledResult<{ smtpUrl: string; webUrl?: string }>).value;

    log('Creating topics, ACLs and service databases...');
    const databaseUrls = {} as Record<ServiceName, string>;
    const databases = (async () => {
      // One at a time: concurrent CREATE DATABASE statements contend for the template database.
      for (const service of SARGS_SERVICES) databaseUrls[service] = await ensureServiceDatabase(postgresServerUrl, service, secrets.databasePasswords[service]);
      // retention's backups read every service database with a role of their own (R14).
      await ensureBackupRole(postgresServerUrl, SARGS_SERVICES, secrets.backupDatabasePassword);
    })();
    const kafkaAdmin: KafkaAccess = kafkaAuth ? adminKafkaAccess(secrets, kafkaBrokers) : { brokers: kafkaBrokers };
    await Promise.all([provisionKafka(kafkaAdmin, { topics: options.topics ?? TOPIC_SPECS, acls: kafkaAuth }), databases]);

    return {
      postgresServerUrl,
      kafkaBrokers,
      kafkaAdmin,
      kafkaCredentials: (service) => (kafkaAuth ? serviceKafkaCredentials(secrets, service) : undefined),
      smtpUrl: mail.smtpUrl,
      maildevUrl: mail.webUrl,
      kafkaLibsDir,
      embedded: { postgres: !!handles.postgres, kafka: !!handles.kafka, maildev: !!handles.maildev },
      secrets,
      databaseUrls,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
