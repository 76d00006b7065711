import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertionPublicKey, ASSERTION_VERIFIER, InternalAssertionMiddleware } from '@sargs/platform/auth-assertion';
import { DatabaseReadinessCheck, postgresDataSourceOptions } from '@sargs/platform/database';
import { KafkaReadinessCheck, MessagingModule } from '@sargs/platform/messaging';
import { APP_LOGGER, READINESS_CHECKS, type Logger } from '@sargs/platform/observability';
import type { EntityClass } from '@sargs/platform/privacy';
import { AUDIT_SERVICE_NAME, AuditRecorder } from './audit-recorder';
import { CallerGuard } from './caller';
import { DatabaseMigrator } from './database-migrator';
import { PLATFORM_ENTITIES } from './platform-entities';
import { PLATFORM_MIGRATIONS } from './platform-migrations';
import { periodicSchedulerProviders } from './periodic-scheduler';
import { PrivacyParticipantConsumer } from './privacy-participant.consumer';
import { PRIVACY_PARTICIPANT_OPTIONS, PrivacyParticipantService } from './privacy-participant.service';
import { ProblemDetailsFilter } from './problem-details.filter';
import { SERVICE_CONFIG, type ServiceConfig } from './service-config';

export interface SargsServiceOptions {
  name: string;
  config: ServiceConfig;
  logger: Logger;
  entities: readonly EntityClass[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: readonly Function[];
}

/**
 * What every service app is made of besides its features: its database (migrated at boot),
 * messaging, the privacy participant, the readiness checks (served on the management port, see
 * management-app.ts), the assertion guard, problem+json.
 */
@Module({})
export class SargsServiceModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(InternalAssertionMiddleware).forRoutes('*');
  }

  static forRoot(options: SargsServiceOptions): DynamicModule {
    const { name, config, logger } = options;
    return {
      module: SargsServiceModule,
      global: true,
      imports: [
        DiscoveryModule,
        TypeOrmModule.forRoot({
          ...postgresDataSourceOptions({
            url: config.DATABASE_URL,
            applicationName: name,
            poolSize: config.DATABASE_POOL_SIZE,
            tls: config.DATABASE_SSL === 'verify-full' ? { ca: config.DATABASE_SSL_CA_FILE } : undefined,
            entities: [...PLATFORM_ENTITIES, ...options.entities],
            migrations: [...PLATFORM_MIGRATIONS, ...options.migrations],
          }),
          retryAttempts: 10,
          retryDelay: 2000,
        }),
        MessagingModule.forRoot({
          serviceName: name,
          brokers: config.KAFKA_BROKERS,
          outboxPollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
          outboxBatchSize: config.OUTBOX_BATCH_SIZE,
          outboxSentRetentionMs: config.OUTBOX_SENT_RETENTION_MS,
          consumerMaxAttempts: config.CONSUMER_MAX_ATTEMPTS,
          topicReplication: { replicationFactor: config.KAFKA_REPLICATION_FACTOR, minInsyncReplicas: config.KAFKA_MIN_INSYNC_REPLICAS },
        }),
      ],
      controllers: [PrivacyParticipantConsumer],
      providers: [
        { provide: APP_LOGGER, useValue: logger },
        { provide: SERVICE_CONFIG, useValue: config },
        DatabaseMigrator,
        { provide: PRIVACY_PARTICIPANT_OPTIONS, useValue: { serviceName: name, entities: options.entities, pseudonymKey: config.PSEUDONYM_KEY } },
        PrivacyParticipantService,
        { provide: AUDIT_SERVICE_NAME, useValue: name },
        AuditRecorder,
        ...periodicSchedulerProviders(config),
        {
          provide: READINESS_CHECKS,
          useFactory: (dataSource: DataSource, kafka: KafkaReadinessCheck) => [new DatabaseReadinessCheck(dataSource), kafka],
          inject: [DataSource, KafkaReadinessCheck],
        },
        { provide: ASSERTION_VERIFIER, useValue: { publicKey: assertionPublicKey(config.INTERNAL_ASSERTION_PUBLIC_KEY), audience: name } },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: CallerGuard },
      ],
      exports: [APP_LOGGER, SERVICE_CONFIG, AuditRecorder],
    };
  }
}
