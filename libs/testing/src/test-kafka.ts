import { readFileSync } from 'node:fs';
import type { ServiceName } from '@sargs/contracts';
import { adminKafkaAccess, serviceKafkaCredentials, type DevSecrets } from '@sargs/devstack';
import type { KafkaAccess, KafkaCredentials } from '@sargs/platform/messaging';
import { TEST_STACK_ENV, testKafkaBrokers } from './test-stack';

/** The test stack's secrets (its own .data/test-<pid>/dev-secrets.json): every Kafka principal's password. */
export function testSecrets(): DevSecrets {
  const file = process.env[TEST_STACK_ENV.secretsFile];
  if (!file) throw new Error(`${TEST_STACK_ENV.secretsFile} is not set: run integration tests through jest (its global setup starts Kafka)`);
  return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
}

/**
 * The admin principal on the shared test broker, or on `brokers` (a test's dedicated broker has
 * the same principals): what a test's own clients and helper services use.
 */
export function testKafkaAccess(brokers: string = testKafkaBrokers()): KafkaAccess {
  return adminKafkaAccess(testSecrets(), brokers.split(','));
}

/** A service's own principal, as its process would authenticate. */
export function testServiceCredentials(service: ServiceName): KafkaCredentials {
  return serviceKafkaCredentials(testSecrets(), service);
}
