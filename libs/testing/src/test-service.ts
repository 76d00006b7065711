import 'reflect-metadata';
import { Module, type INestApplicationContext, type Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '@sargs/platform/config';
import { EventPublisher } from '@sargs/platform/messaging';
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
  /** Feature providers, e.g. a class with @EventHandler methods. */
  providers?: Provider[];
  env?: Record<string, string>;
}

export interface TestService {
  context: INestApplicationContext;
  dataSource: DataSource;
  publisher: EventPublisher;
  close(): Promise<void>;
}

/** A real service core (database, outbox, relay, inbox consumer, privacy participant) without HTTP. */
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
    providers: options.providers ?? [],
  })
  class TestServiceModule {}

  const context = await NestFactory.createApplicationContext(TestServiceModule, { logger: false, abortOnError: false });
  return {
    context,
    dataSource: context.get(DataSource),
    publisher: context.get(EventPublisher),
    close: () => context.close(),
  };
}
