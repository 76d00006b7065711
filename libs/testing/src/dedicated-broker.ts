import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brokerSasl, findFreePort, startKafkaBroker } from '@sargs/devstack';
import { provisionKafka, type KafkaAccess } from '@sargs/platform/messaging';
import { testKafkaAccess, testSecrets } from './test-kafka';

export interface DedicatedBroker {
  brokers: string;
  /** The admin principal there (the shared test broker's principals and passwords). */
  access: KafkaAccess;
  /** Stops the broker process (SIGTERM, clean shutdown); its data stays for `start()`. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data: topics and committed offsets survive. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** Start-up attempts with new ports when one was taken in the meantime. */
const PORT_ATTEMPTS = 3;

/**
 * The first start, on ports the OS offered a moment ago. Another process on the machine (a
 * parallel test stack, an outgoing connection) may take one in the seconds the JVM needs to bind
 * it; then the broker starts again on new ports, from a new log directory, as the controller's
 * address is formatted into it.
 */
async function startOnFreshPorts(libsDir: string, dataDir: string, pickPort: () => Promise<number>) {
  for (let attempt = 1; ; attempt++) {
    const kafkaDir = path.join(dataDir, `kafka-${attempt}`);
    const options = { libsDir, dataDir: kafkaDir, port: await pickPort(), controllerPort: await pickPort(), heapMb: 384, throwaway: true, sasl: brokerSasl(testSecrets()) };
    try {
      return { options, broker: await startKafkaBroker(options) };
    } catch (err) {
      if (attempt >= PORT_ATTEMPTS || !/Address already in use/.test((err as Error).message)) throw err;
      rmSync(kafkaDir, { recursive: true, force: true });
    }
  }
}

/**
 * A Kafka broker of a test's own, for tests that take the broker down (the shared one stays up),
 * with the shared broker's principals, topics and ACLs.
 */
export async function startDedicatedBroker(pickPort: () => Promise<number> = findFreePort): Promise<DedicatedBroker> {
  const libsDir = process.env.SARGS_TEST_KAFKA_LIBS_DIR;
  if (!libsDir) throw new Error('SARGS_TEST_KAFKA_LIBS_DIR is not set: run through the integration global setup');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sargs-broker-'));
  const started = await startOnFreshPorts(libsDir, dataDir, pickPort);
  const { options } = started;
  let { broker } = started;
  const access = testKafkaAccess(broker.brokers);
  await provisionKafka(access, { acls: true });
  let running = true;
  return {
    brokers: broker.brokers,
    access,
    async stop() {
      await broker.stop();
      running = false;
    },
    async start() {
      broker = await startKafkaBroker(options);
      running = true;
    },
    async destroy() {
      // Its data goes too, so nothing is worth a clean shutdown.
      if (running) await broker.kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
