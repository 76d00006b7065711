import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { probeKafkaReady, type KafkaAccess } from '@sargs/platform/messaging';
import { javaCommand } from './kafka-distribution';
import { addScramUsers, KAFKA_BROKER_PRINCIPAL, readScramUsers, redact, SCRAM, saslSecrets, scramArgs, writePrivateFile, writeScramUsers, forgetScramUsers } from './kafka-scram-users';
import { hasExited, logErrors, openLog, sleep, spawnTracked, stopChild } from './processes';

export interface KafkaBrokerOptions {
  /** From ensureKafkaDistribution. */
  libsDir: string;
  /** KRaft log directory; reused (not re-formatted) across starts, so a restart keeps every topic. */
  dataDir: string;
  port: number;
  controllerPort: number;
  heapMb?: number;
  /**
   * A broker that lives for one test run: the JVM skips the optimising compiler and runs the
   * serial collector, which takes about a third less CPU to start and idle on a small machine.
   * Not for a broker whose throughput is measured (the bench) or that holds a person's data.
   */
  throwaway?: boolean;
  startTimeoutMs?: number;
  /** Own process group, so a terminal's Ctrl+C reaches only the owner, which stops us in order. */
  detached?: boolean;
  /** Absent: PLAINTEXT listeners and no authorizer, anyone may do anything. */
  sasl?: KafkaSaslOptions;
  /** Notes on what the start did to the data (a re-format, users added). */
  log?: (message: string) => void;
}

/** SCRAM authentication and ACLs, as in production. */
export interface KafkaSaslOptions {
  /** SCRAM-SHA-512 principals (username -> password) created when the storage is formatted. */
  users: Record<string, string>;
  /** Principals allowed everything (the operator/admin principal); must be among users. */
  superUsers: string[];
  /** The broker's own principal's password (inter-broker and controller listeners). */
  brokerPassword: string;
}

export interface KafkaBroker {
  /** host:port for KAFKA_BROKERS. */
  brokers: string;
  pid: number;
  logFile: string;
  /** Admin access: the first super user's credentials with sasl, none without. */
  access: KafkaAccess;
  stop(): Promise<void>;
  /** Ends the process at once (SIGKILL), for a broker whose data is thrown away with it: no 3 s clean shutdown. */
  kill(): Promise<void>;
}

/** Names and passwords go unquoted into JAAS, --add-scram and ConfigCommand syntax: no separators. */
const SAFE_TOKEN = /^[A-Za-z0-9._~-]+$/;

function plaintextListeners(o: KafkaBrokerOptions): string[] {
  return [
    `listeners=PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${o.port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
  ];
}

/**
 * Clients (and the broker to itself) authenticate with SCRAM. The controller listener takes PLAIN
 * against its JAAS user instead: SCRAM credentials live in the metadata log, which the controller
 * serves, so it cannot check them before it has one. Left PLAINTEXT, that listener would make every
 * caller ANONYMOUS, which the broker's own requests would need as a super user.
 */
function saslListeners(o: KafkaBrokerOptions, sasl: KafkaSaslOptions): string[] {
  const broker = `username="${KAFKA_BROKER_PRINCIPAL}" password="${sasl.brokerPassword}"`;
  return [
    `listeners=SASL_PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
    `advertised.listeners=SASL_PLAINTEXT://127.0.0.1:${o.port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT',
    'inter.broker.listener.name=SASL_PLAINTEXT',
    // The default is GSSAPI; each listener offers exactly one mechanism.
    `sasl.enabled.mechanisms=${SCRAM}`,
    `listener.name.sasl_plaintext.sasl.enabled.mechanisms=${SCRAM}`,
    `sasl.mechanism.inter.broker.protocol=${SCRAM}`,
    `listener.name.sasl_plaintext.${SCRAM.toLowerCase()}.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required ${broker};`,
    'listener.name.controller.sasl.enabled.mechanisms=PLAIN',
    'sasl.mechanism.controller.protocol=PLAIN',
    // username/password: how the broker logs in; user_<name>: whom the controller accepts.
    `listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${broker} user_${KAFKA_BROKER_PRINCIPAL}="${sasl.brokerPassword}";`,
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=false',
    `super.users=${[KAFKA_BROKER_PRINCIPAL, ...sasl.superUsers].map((u) => `User:${u}`).join(';')}`,
  ];
}

function serverProperties(o: KafkaBrokerOptions, logDir: string): string {
  return `${[
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=127.0.0.1:${o.controllerPort}`,
    ...(o.sasl ? saslListeners(o, o.sasl) : plaintextListeners(o)),
    `log.dirs=${logDir}`,
    // Topics come from the contracts (partitions, retention), never from a typo in a consumer.
    'auto.create.topics.enable=false',
    'group.initial.rebalance.delay.ms=0',
    'num.partitions=1',
    'default.replication.factor=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
  ].join('\n')}\n`;
}

function assertSaslOptions(sasl: KafkaSaslOptions): void {
  const names = Object.keys(sasl.users);
  const bad = [...names, ...Object.values(sasl.users), sasl.brokerPassword].filter((t) => !SAFE_TOKEN.test(t));
  if (bad.length > 0) throw new Error('Kafka SCRAM user names and passwords must be made of [A-Za-z0-9._~-] (base64url passwords are)');
  if (names.includes(KAFKA_BROKER_PRINCIPAL)) throw new Error(`"${KAFKA_BROKER_PRINCIPAL}" is the broker's own principal, set by brokerPassword`);
  if (sasl.superUsers.length === 0) throw new Error('Kafka with SASL needs a super user (the admin principal)');
  const unknown = sasl.superUsers.filter((u) => !(u in sasl.users));
  if (unknown.length > 0) throw new Error(`Kafka super users ${unknown.join(', ')} are not among the SCRAM users`);
}

/** A KRaft cluster id: 16 random bytes, base64url; Kafka avoids ids that start with "-". */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Formats the log directory unless it is. SCRAM users can only be formatted in (the metadata log
 * is empty then); a directory formatted without them is wiped when SASL is asked for, as it is
 * the local stack's data, not an operator's.
 */
function formatOnce(o: KafkaBrokerOptions, dataDir: string, logDir: string, propertiesFile: string): void {
  if (existsSync(path.join(logDir, 'meta.properties'))) {
    if (!o.sasl || readScramUsers(dataDir)) return;
    (o.log ?? console.warn)(`Kafka's log directory ${logDir} was formatted without SASL users: formatting it again (its topics are lost).`);
    rmSync(logDir, { recursive: true, force: true });
    mkdirSync(logDir, { recursive: true });
  }
  const scram = o.sasl ? scramArgs(o.sasl) : [];
  const args = [...jvmTuning(o), '-cp', path.join(o.libsDir, '*'), 'kafka.tools.StorageTool', 'format', '--standalone', '--ignore-formatted', '-t', clusterId(), '-c', propertiesFile, ...scram];
  const out = spawnSync(javaCommand(), args, { encoding: 'utf8' });
  const secrets = saslSecrets(o.sasl);
  if (out.status !== 0) throw new Error(`Formatting the Kafka log directory failed (${out.status ?? out.error?.message}):\n${redact(out.stdout, secrets)}\n${redact(out.stderr, secrets)}`);
  // A stale list (a log directory removed by hand) must not pass for this one.
  if (o.sasl) writeScramUsers(dataDir, Object.keys(o.sasl.users));
  else forgetScramUsers(dataDir);
}

const THROWAWAY_JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

function jvmTuning(o: KafkaBrokerOptions): string[] {
  return o.throwaway ? THROWAWAY_JVM : [];
}

/** Who may administer the broker: its first super user, or anyone on a PLAINTEXT broker. */
function adminAccess(brokers: string, sasl: KafkaSaslOptions | undefined): KafkaAccess {
  if (!sasl) return { brokers: [brokers] };
  const username = sasl.superUsers[0];
  return { brokers: [brokers], credentials: { username, password: sasl.users[username] } };
}

async function waitForBroker(access: KafkaAccess, child: ReturnType<typeof spawnTracked>, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // After a fatal start-up error the JVM takes half a minute to exit; its log says so at once.
    if (hasExited(child) || /Exiting Kafka due to fatal exception/.test(readFileSync(logFile, 'utf8'))) {
      throw new Error(`Kafka failed to start. ${logFile}:\n${logErrors(logFile)}`);
    }
    try {
      await probeKafkaReady(access);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Kafka was not ready within ${timeoutMs / 1000} s (${(err as Error).message}). ${logFile}:\n${logErrors(logFile)}`);
    }
    // Every test stack starts a broker: a finer poll is a second less per stack, for a few cheap probes.
    await sleep(100);
  }
}

/** A single-node KRaft broker+controller of the fetched distribution, ready when this resolves. */
export async function startKafkaBroker(options: KafkaBrokerOptions): Promise<KafkaBroker> {
  const { heapMb = 512, startTimeoutMs = 60_000, detached = false } = options;
  const dataDir = path.resolve(options.dataDir);
  const logDir = path.join(dataDir, 'log');
  const propertiesFile = path.join(dataDir, 'server.properties');
  const logFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.log`);
  if (options.sasl) assertSaslOptions(options.sasl);
  mkdirSync(logDir, { recursive: true });
  // Rewritten on every start: ports may differ, the formatted log directory stays. It may hold passwords.
  writePrivateFile(propertiesFile, serverProperties(options, logDir));
  formatOnce(options, dataDir, logDir, propertiesFile);

  const log4j = path.join(options.libsDir, '..', 'log4j2.properties');
  const jvm = [...jvmTuning(options), `-Xmx${heapMb}m`, '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true', ...(existsSync(log4j) ? [`-Dlog4j2.configurationFile=${log4j}`] : [])];
  const log = openLog(logFile, `Kafka on 127.0.0.1:${options.port}`);
  const child = spawnTracked(javaCommand(), [...jvm, '-cp', path.join(options.libsDir, '*'), 'kafka.Kafka', propertiesFile], {
    stdio: ['ignore', log, log],
    detached,
  });
  closeSync(log);
  // A clean shutdown closes the log segments so the next start needs no recovery; allow it time.
  const stop = (): Promise<void> => stopChild(child, { signal: 'SIGTERM', graceMs: 20_000 });

  const brokers = `127.0.0.1:${options.port}`;
  const access = adminAccess(brokers, options.sasl);
  try {
    await waitForBroker(access, child, logFile, startTimeoutMs);
  } catch (err) {
    // A broker that failed to start has nothing to save; do not wait out its slow shutdown.
    await stopChild(child, { signal: 'SIGTERM', graceMs: 2_000 });
    throw err;
  }
  try {
    if (options.sasl) await addScramUsers(options, options.sasl, dataDir, access);
  } catch (err) {
    // This one is running and holds data: it gets a clean shutdown.
    await stop();
    throw err;
  }
  return { brokers, pid: child.pid as number, logFile, access, stop, kill: () => stopChild(child, { signal: 'SIGKILL', graceMs: 5_000 }) };
}
