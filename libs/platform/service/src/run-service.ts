import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import type { z } from 'zod';
import type { EntityClass } from '@sargs/platform/privacy';
import { runApp } from './run-app';
import { SargsServiceModule } from './sargs-service.module';
import type { ServiceConfig } from './service-config';

/** The root module of a service process (one service per process). */
@Module({})
class ServiceAppModule {}

export interface RunServiceOptions<S extends z.ZodType<ServiceConfig, z.ZodTypeDef, unknown>> {
  name: string;
  configSchema: S;
  entities: readonly EntityClass[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: readonly Function[];
  /** The service's feature modules; each may use the config the service booted with. */
  features?: (config: z.infer<S>) => (Type | DynamicModule)[];
  /** Adjusts the app before it listens, e.g. a larger body limit for one service. */
  configure?: (app: INestApplication) => void;
}

/** Boots a service app: the platform core (SargsServiceModule) plus its feature modules. */
export function runService<S extends z.ZodType<ServiceConfig, z.ZodTypeDef, unknown>>(options: RunServiceOptions<S>) {
  return runApp({
    name: options.name,
    configSchema: options.configSchema,
    configure: options.configure,
    module: (config, logger): DynamicModule => ({
      module: ServiceAppModule,
      imports: [
        SargsServiceModule.forRoot({ name: options.name, config, logger, entities: options.entities, migrations: options.migrations }),
        ...(options.features?.(config) ?? []),
      ],
    }),
  });
}
