import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import type { z } from 'zod';
import type { ServiceName } from '@sargs/contracts';
import type { EntityClass } from '@sargs/platform/privacy';
import type { Logger, ReadinessCheck } from '@sargs/platform/observability';
import { startEventTransport } from '@sargs/platform/messaging';
import { runApp } from './run-app';
import { SargsServiceModule } from './sargs-service.module';
import type { ServiceConfig } from './service-config';

/** The root module of a service process (one service per process). */
@Module({})
class ServiceAppModule {}

/** What a service is: the one definition its process (main.ts) and its in-process tests boot. */
export interface ServiceDefinition<S extends z.ZodType<ServiceConfig, z.ZodTypeDef, unknown>> {
  name: ServiceName;
  configSchema: S;
  entities: readonly EntityClass[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: readonly Function[];
  /** The service's feature modules (each injects SERVICE_CONFIG for the config it booted with). */
  features: readonly (Type | DynamicModule)[];
  /** What `/readyz` reports besides the database and Kafka (see SargsServiceOptions). */
  readinessChecks?: readonly Type<ReadinessCheck>[];
  /** Adjusts the app before it listens, e.g. a larger body limit for one service. */
  configure?: (app: INestApplication) => void;
}

/** The root module of a service: the platform core (SargsServiceModule) plus its feature modules. */
export function serviceModule<S extends z.ZodType<ServiceConfig, z.ZodTypeDef, unknown>>(definition: ServiceDefinition<S>, config: z.infer<S>, logger: Logger): DynamicModule {
  return {
    module: ServiceAppModule,
    imports: [
      SargsServiceModule.forRoot({ name: definition.name, service: definition.name, config, logger, entities: definition.entities, migrations: definition.migrations, readinessChecks: definition.readinessChecks }),
      ...definition.features,
    ],
  };
}

/** Boots a service process from its definition. */
export function runService<S extends z.ZodType<ServiceConfig, z.ZodTypeDef, unknown>>(definition: ServiceDefinition<S>) {
  return runApp({
    name: definition.name,
    configSchema: definition.configSchema,
    configure: definition.configure,
    module: (config, logger) => serviceModule(definition, config, logger),
    start: startEventTransport,
  });
}
