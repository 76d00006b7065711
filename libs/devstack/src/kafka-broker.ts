import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { probeKafkaReady } from '@sargs/platform/messaging';
import { javaCommand } from './kafka-distribution';
import { hasExited, logErrors, openLog, sleep, spawnTracked, stopChild } from './processes';

export interface KafkaBrokerOptions {
  /** From ensureKafkaDistribution. */
  libsDir: string;
  /** KRaft log directory; reused (not re-formatted) across starts, so a restart keeps every topic. */
  dataDir: string;
  port: number;
  controllerPort: number;
  heapMb?: number;
  startTimeoutMs?: number;
  /** Own process group, so a terminal's Ctrl+C reaches only the owner, which stops us in order. */
  detached?: boolean;
}

export interface KafkaBroker {
  /** host:port for KAFKA_BROKERS. */
  brokers: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

function serverProperties(o: KafkaBrokerOptions, logDir: string): string {
  return `${[
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=127.0.0.1:${o.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${o.port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
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

/** A KRaft cluster id: 16 random bytes, base64url; Kafka avoids ids that start with "-". */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function formatOnce(o: KafkaBrokerOptions, logDir: string, propertiesFile: string): void {
  if (existsSync(path.join(logDir, 'meta.properties'))) return;
  const args = ['-cp', path.join(o.libsDir, '*'), 'kafka.tools.StorageTool', 'format', '--standalone', '--ignore-formatted', '-t', clusterId(), '-c', propertiesFile];
  const out = spawnSync(javaCommand(), args, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`Formatting the Kafka log directory failed (${out.status ?? out.error?.message}):\n${out.stdout}\n${out.stderr}`);
}

async function waitForBroker(brokers: string, child: ReturnType<typeof spawnTracked>, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // After a fatal start-up error the JVM takes half a minute to exit; its log says so at once.
    if (hasExited(child) || /Exiting Kafka due to fatal exception/.test(readFileSync(logFile, 'utf8'))) {
      throw new Error(`Kafka failed to start. ${logFile}:\n${logErrors(logFile)}`);
    }
    try {
      await probeKafkaReady([brokers]);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Kafka was not ready within ${timeoutMs / 1000} s (${(err as Error).message}). ${logFile}:\n${logErrors(logFile)}`);
    }
    await sleep(500);
  }
}

/** A single-node KRaft broker+controller of the fetched distribution, ready when this resolves. */
export async function startKafkaBroker(options: KafkaBrokerOptions): Promise<KafkaBroker> {
  const { heapMb = 512, startTimeoutMs = 60_000, detached = false } = options;
  const dataDir = path.resolve(options.dataDir);
  const logDir = path.join(dataDir, 'log');
  const propertiesFile = path.join(dataDir, 'server.properties');
  const logFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.log`);
  mkdirSync(logDir, { recursive: true });
  // Rewritten on every start: ports may differ, the formatted log directory stays.
  writeFileSync(propertiesFile, serverProperties(options, logDir));
  formatOnce(options, logDir, propertiesFile);

  const log4j = path.join(options.libsDir, '..', 'log4j2.properties');
  const jvm = [`-Xmx${heapMb}m`, '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true', ...(existsSync(log4j) ? [`-Dlog4j2.configurationFile=${log4j}`] : [])];
  const log = openLog(logFile, `Kafka on 127.0.0.1:${options.port}`);
  const child = spawnTracked(javaCommand(), [...jvm, '-cp', path.join(options.libsDir, '*'), 'kafka.Kafka', propertiesFile], {
    stdio: ['ignore', log, log],
    detached,
  });
  closeSync(log);
  // A clean shutdown closes the log segments so the next start needs no recovery; allow it time.
  const stop = (): Promise<void> => stopChild(child, { signal: 'SIGTERM', graceMs: 20_000 });

  const brokers = `127.0.0.1:${options.port}`;
  try {
    await waitForBroker(brokers, child, logFile, startTimeoutMs);
  } catch (err) {
    // A broker that failed to start has nothing to save; do not wait out its slow shutdown.
    await stopChild(child, { signal: 'SIGTERM', graceMs: 2_000 });
    throw err;
  }
  return { brokers, pid: child.pid as number, logFile, stop };
}
