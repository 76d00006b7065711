import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findFreePort, startInfrastructure, type Infrastructure } from '@sargs/devstack';
import { createTestDatabase, TEST_STACK_ENV } from '@sargs/testing';

export interface BenchInfrastructure {
  infra: Infrastructure;
  brokers: string;
  /** A fresh database on the bench's server; returns its URL. */
  createDatabase(prefix: string): Promise<string>;
  stop(): Promise<void>;
}

const root = path.resolve(__dirname, '../..');

/** Real PostgreSQL (durable, as in production) and Kafka on free ports, in a throwaway directory. */
export async function startBenchInfrastructure(): Promise<BenchInfrastructure> {
  // Not mkdtemp: its 0700 would shut out the postgres user the embedded server runs as.
  const dataDir = path.join(root, '.data', `bench-${process.pid}`);
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const infra = await startInfrastructure({
    dataDir,
    durable: true,
    ephemeral: true,
    ports: {
      postgres: await findFreePort(),
      kafka: await findFreePort(),
      kafkaController: await findFreePort(),
      smtp: await findFreePort(),
      mailWeb: await findFreePort(),
    },
    log: (m) => console.log(m),
  });
  process.env[TEST_STACK_ENV.pgServerUrl] = infra.postgresServerUrl;
  return {
    infra,
    brokers: infra.kafkaBrokers.join(','),
    createDatabase: async (prefix) => (await createTestDatabase(prefix)).url,
    async stop() {
      await infra.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
