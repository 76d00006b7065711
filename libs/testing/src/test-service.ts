import 'reflect-metadata';
import { Module, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '@sargs/platform/config';
import { EventPublisher, startEventTransport } from '@sargs/platform/messaging';
import { createLogger } from '@sargs/platform/observability';
import type { EntityClass } from '@sargs/platform/privacy';
import { SargsServiceModule, serviceConfigSchema } from '@sargs/platform/service';
import { testKafkaBrokers } from './test-stack';

export interface TestServiceOptions {
  name: string;
  databaseUrl: string;
  /** Default: the shared test broker. */
  brokers?: string;
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
    KAFKA_BROKERS: options.brokers ?? testKafkaBrokers(),
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
