import 'reflect-metadata';
import { Module, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '@sargs/platform/config';
import { EventPublisher, startEventTransport, type KafkaAccess } from '@sargs/platform/messaging';
import { createLogger } from '@sargs/platform/observability';
import type { ServiceName } from '@sargs/contracts';
import type { EntityClass } from '@sargs/platform/privacy';
import { SargsServiceModule, serviceConfigSchema } from '@sargs/platform/service';
import { testKafkaAccess } from './test-kafka';

export interface TestServiceOptions {
  name: string;
  databaseUrl: string;
  /** Default: the shared test broker, as the admin principal (a test's helper is a tool, not a service). */
  kafka?: KafkaAccess;
  /**
   * Answer erasures and exports, and record audit entries, as this registry service (on its
   * topics). Default: none, so a helper never answers in a real service's name.
   */
  service?: ServiceName;
  entities?: EntityClass[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: Function[];
  /** Consumer controllers (classes with @EventPattern methods). */
  controllers?: Type[];
  /** Feature providers, e.g. what the consumers record into. */
  providers?: Provider[];
  env?: Record<string, string>;
}

export interface TestService {
  context: INestApplication;
  dataSource: DataSource;
  publisher: EventPublisher;
  close(): Promise<void>;
}

/** A real service core (database, outbox, relay, event transport, privacy participant) that listens on no port. */
export async function startTestService(options: TestServiceOptions): Promise<TestService> {
  const { publicKey } = generateKeyPairSync('ed25519');
  // No HTTP listener here: PORT is validated but unused.
  const config = loadConfig(serviceConfigSchema(3100), {
    DATABASE_URL: options.databaseUrl,
    ...kafkaEnv(options.kafka ?? testKafkaAccess()),
    INTERNAL_ASSERTION_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    PSEUDONYM_KEY: randomBytes(32).toString('base64'),
    OUTBOX_POLL_INTERVAL_MS: '200',
    CONSUMER_MAX_ATTEMPTS: '3',
    LOG_LEVEL: process.env.SARGS_TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const logger = createLogger({ service: options.name, level: config.LOG_LEVEL });

  @Module({
    imports: [
      SargsServiceModule.forRoot({
        name: options.name,
        service: options.service,
        config,
        logger,
        entities: options.entities ?? [],
        migrations: options.migrations ?? [],
      }),
    ],
    controllers: options.controllers ?? [],
    providers: options.providers ?? [],
  })
  class TestServiceModule {}

  // An HTTP app that is never listened on: Nest connects microservice transports to apps only.
  const context = await NestFactory.create(TestServiceModule, { logger: false, abortOnError: false });
  await context.init();
  await startEventTransport(context);
  return {
    context,
    dataSource: context.get(DataSource),
    publisher: context.get(EventPublisher),
    close: () => context.close(),
  };
}

/** A service's KAFKA_* environment for `access`. */
export function kafkaEnv(access: KafkaAccess): Record<string, string> {
  return {
    KAFKA_BROKERS: access.brokers.join(','),
    ...(access.credentials ? { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: access.credentials.username, KAFKA_SASL_PASSWORD: access.credentials.password } : {}),
  };
}
