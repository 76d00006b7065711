import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { deadLetterTopic, TOPIC_SPECS } from '@sargs/contracts';
import { findFreePort, readStatementStats, resetStatementStats, startInfrastructure, type Infrastructure, type StatementStat } from '@sargs/devstack';
import { ConsumerGroupActiveError, consumerGroupOf, moveGroupsToEnd, type KafkaAccess } from '@sargs/platform/messaging';
import { createTestDatabase, TEST_STACK_ENV, waitFor } from '@sargs/testing';

export interface BenchInfrastructure {
  infra: Infrastructure;
  /** The admin principal on the bench's broker (its helper services and bare clients). */
  kafka: KafkaAccess;
  /** A fresh database on the bench's server; returns its URL. */
  createDatabase(prefix: string): Promise<string>;
  /**
   * Before a scenario starts these services (or consumers, by service name): their consumer groups
   * move to the end of every topic, so they read only this scenario's events, not the backlog
   * earlier scenarios left on the shared broker (a new group would read it all from the start).
   */
  startFromNow(serviceNames: readonly string[]): Promise<void>;
  /** PostgreSQL's own count of its statements (pg_stat_statements), every database. */
  statements: { reset(): Promise<void>; read(): Promise<StatementStat[]> };
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
    postgresStatementStats: true,
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
    kafka: infra.kafkaAdmin,
    createDatabase: async (prefix) => (await createTestDatabase(prefix)).url,
    async startFromNow(serviceNames) {
      const topics = TOPIC_SPECS.flatMap((t) => [t.name, deadLetterTopic(t.name)]);
      const groups = serviceNames.map(consumerGroupOf);
      // A group whose last member was just stopped may need a moment to become empty, and partitions
      // just created a moment to get their leaders (a retriable NOT_LEADER_FOR_PARTITION until then).
      const notYet = (err: unknown) => err instanceof ConsumerGroupActiveError || (err as { retriable?: unknown }).retriable === true;
      await waitFor(
        () => moveGroupsToEnd(infra.kafkaAdmin, groups, topics).then(() => true, (err: unknown) => { if (notYet(err)) return false; throw err; }),
        Boolean,
        { timeoutMs: 60_000, intervalMs: 1000, what: `consumer groups ${groups.join(', ')} to be empty` },
      );
    },
    statements: {
      reset: () => resetStatementStats(infra.postgresServerUrl),
      read: () => readStatementStats(infra.postgresServerUrl),
    },
    async stop() {
      await infra.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
