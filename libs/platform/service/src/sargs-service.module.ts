import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertionPublicKey, ASSERTION_VERIFIER, InternalAssertionMiddleware } from '@sargs/platform/auth-assertion';
import { DatabaseReadinessCheck, postgresDataSourceOptions } from '@sargs/platform/database';
import { kafkaAccessOf, KafkaReadinessCheck, MessagingModule } from '@sargs/platform/messaging';
import { APP_LOGGER, READINESS_CHECKS, type Logger, type ReadinessCheck } from '@sargs/platform/observability';
import type { EntityClass } from '@sargs/platform/privacy';
import { SERVICE_REGISTRY, type ServiceName } from '@sargs/contracts';
import { AUDIT_SERVICE_NAME, AuditRecorder } from './audit-recorder';
import { CallerGuard } from './caller';
import { DatabaseMigrator } from './database-migrator';
import { PLATFORM_ENTITIES } from './platform-entities';
import { PLATFORM_MIGRATIONS } from './platform-migrations';
import { periodicSchedulerProviders } from './periodic-scheduler';
import { PrivacyParticipantConsumer } from './privacy-participant.consumer';
import { PRIVACY_PARTICIPANT_OPTIONS, PrivacyParticipantService } from './privacy-participant.service';
import { ProblemDetailsFilter } from './problem-details.filter';
import { TenantParticipantConsumer } from './tenant-participant.consumer';
import { TenantParticipantService } from './tenant-participant.service';
import { SERVICE_CONFIG, type ServiceConfig } from './service-config';

export interface SargsServiceOptions {
  /** The process's name: Kafka client id and consumer group, database application name, assertion audience. */
  name: string;
  /**
   * The registry service it runs as: it answers erasures and exports and records audit entries on
   * that service's own topics (docs/messaging.md). A test's own helper service leaves it out and
   * takes no part in either, so it never answers in a real service's name.
   */
  service?: ServiceName;
  config: ServiceConfig;
  logger: Logger;
  entities: readonly EntityClass[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: readonly Function[];
  /** Readiness checks of its own besides the database and Kafka (built here: they may inject DataSource). */
  readinessChecks?: readonly Type<ReadinessCheck>[];
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
    const { name, service, config, logger, readinessChecks = [] } = options;
    const tenantData = service !== undefined && SERVICE_REGISTRY[service].tenantData;
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
          kafka: kafkaAccessOf(config),
          outboxPollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
          outboxBatchSize: config.OUTBOX_BATCH_SIZE,
          outboxSentRetentionMs: config.OUTBOX_SENT_RETENTION_MS,
          consumerMaxAttempts: config.CONSUMER_MAX_ATTEMPTS,
        }),
      ],
      controllers: [...(service ? [PrivacyParticipantConsumer] : []), ...(tenantData ? [TenantParticipantConsumer] : [])],
      providers: [
        { provide: APP_LOGGER, useValue: logger },
        { provide: SERVICE_CONFIG, useValue: config },
        DatabaseMigrator,
        ...(service ? [{ provide: PRIVACY_PARTICIPANT_OPTIONS, useValue: { service, entities: options.entities, pseudonymKey: config.PSEUDONYM_KEY } }, PrivacyParticipantService] : []),
        ...(tenantData ? [TenantParticipantService] : []),
        { provide: AUDIT_SERVICE_NAME, useValue: service ?? null },
        AuditRecorder,
        ...periodicSchedulerProviders(config),
        ...readinessChecks,
        {
          provide: READINESS_CHECKS,
          useFactory: (dataSource: DataSource, kafka: KafkaReadinessCheck, ...own: ReadinessCheck[]) => [new DatabaseReadinessCheck(dataSource), kafka, ...own],
          inject: [DataSource, KafkaReadinessCheck, ...readinessChecks],
        },
        {
          provide: ASSERTION_VERIFIER,
          useValue: { publicKeys: [config.INTERNAL_ASSERTION_PUBLIC_KEY, ...config.INTERNAL_ASSERTION_PREVIOUS_PUBLIC_KEYS].map((der) => assertionPublicKey(der)), audience: name },
        },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_GUARD, useClass: CallerGuard },
      ],
      exports: [APP_LOGGER, SERVICE_CONFIG, AuditRecorder],
    };
  }
}
