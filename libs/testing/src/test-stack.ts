import path from 'node:path';

/** Where the integration tiers' infrastructure runs; set by the jest global setup for every worker. */
export interface TestStack {
  pid: number;
  pgServerUrl: string;
  kafkaBrokers: string;
  smtpUrl: string;
  maildevUrl: string;
  kafkaLibsDir: string;
  /** The stack's dev-secrets.json: the Kafka principals' passwords (test-kafka.ts). */
  secretsFile: string;
  /** Holds this run's build of the apps (`dist/`), which the tests' app processes run. */
  buildRoot: string;
}

export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** The same coordinates as a file, for a person or a tool outside jest. */
export const TEST_STACK_FILE = path.join(REPO_ROOT, '.data', 'test-stack.json');
/** The global setup leaves its stop handle here for the global teardown (same process). */
export const TEST_STACK_HANDLE = Symbol.for('sargs.testStack');

export interface TestStackHandle {
  dataDir: string;
  stop(): Promise<void>;
}

export const TEST_STACK_ENV = {
  pgServerUrl: 'SARGS_TEST_PG_SERVER_URL',
  kafkaBrokers: 'SARGS_TEST_KAFKA_BROKERS',
  smtpUrl: 'SARGS_TEST_SMTP_URL',
  maildevUrl: 'SARGS_TEST_MAILDEV_URL',
  kafkaLibsDir: 'SARGS_TEST_KAFKA_LIBS_DIR',
  secretsFile: 'SARGS_TEST_SECRETS_FILE',
  buildRoot: 'SARGS_TEST_BUILD_ROOT',
} as const;

/** The shared test broker, as the global setup left it; a clear error outside the integration tier. */
export function testKafkaBrokers(): string {
  const brokers = process.env[TEST_STACK_ENV.kafkaBrokers];
  if (!brokers) throw new Error(`${TEST_STACK_ENV.kafkaBrokers} is not set: run integration tests through jest (its global setup starts Kafka)`);
  return brokers;
}
