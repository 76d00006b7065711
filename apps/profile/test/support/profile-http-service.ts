import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { loadConfig } from '@sargs/platform/config';
import { startEventTransport } from '@sargs/platform/messaging';
import { correlationMiddleware, createLogger } from '@sargs/platform/observability';
import { SargsServiceModule } from '@sargs/platform/service';
import { kafkaEnv, testKafkaAccess } from '@sargs/testing';
import { appConfigSchema } from '../../src/config/app-config';
import { PROFILE_ENTITIES, PROFILE_MIGRATIONS } from '../../src/config/database-schema';
import { ProfilesModule } from '../../src/profiles/profiles.module';

export interface ProfileHttpService {
  /** e.g. http://127.0.0.1:43125 */
  url: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * The profile service as main.ts composes it (runService: platform core plus ProfilesModule),
 * listening on a free port, in this process. The name is the test's own: it is also the Kafka
 * consumer group, and a group shared with another test file's profile would split the partitions.
 * `env` is the service's environment, validated by its own config schema.
 */
export async function startProfileHttpService(name: string, env: Record<string, string>): Promise<ProfileHttpService> {
  const config = loadConfig(appConfigSchema, {
    // The admin principal: the group is the test's own, which sargs-profile's ACLs do not cover.
    ...kafkaEnv(testKafkaAccess()),
    OUTBOX_POLL_INTERVAL_MS: '200',
    CONSUMER_MAX_ATTEMPTS: '3',
    LOG_LEVEL: process.env.SARGS_TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const logger = createLogger({ service: name, level: config.LOG_LEVEL });

  @Module({
    imports: [
      SargsServiceModule.forRoot({ name, service: 'profile', config, logger, entities: PROFILE_ENTITIES, migrations: PROFILE_MIGRATIONS }),
      ProfilesModule,
    ],
  })
  class ProfileTestAppModule {}

  const app: INestApplication = await NestFactory.create(ProfileTestAppModule, { logger: false, abortOnError: false });
  app.use(correlationMiddleware);
  await app.listen(0, '127.0.0.1');
  await startEventTransport(app);
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, dataSource: app.get(DataSource), close: () => app.close() };
}
