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

/**
 * A Kafka broker of a test's own, for tests that take the broker down (the shared one stays up),
 * with the shared broker's principals, topics and ACLs.
 */
export async function startDedicatedBroker(): Promise<DedicatedBroker> {
  const libsDir = process.env.SARGS_TEST_KAFKA_LIBS_DIR;
  if (!libsDir) throw new Error('SARGS_TEST_KAFKA_LIBS_DIR is not set: run through the integration global setup');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sargs-broker-'));
  const options = { libsDir, dataDir: path.join(dataDir, 'kafka'), port: await findFreePort(), controllerPort: await findFreePort(), heapMb: 384, throwaway: true, sasl: brokerSasl(testSecrets()) };
  let broker = await startKafkaBroker(options);
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
