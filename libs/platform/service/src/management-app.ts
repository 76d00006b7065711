import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PinoNestLogger, READINESS_CHECKS, type Logger, type ReadinessCheck } from '@sargs/platform/observability';
import { HealthController } from './health.controller';

/** The management app: /healthz, /readyz and /metrics, with the main app's readiness checks. */
@Module({})
export class ManagementModule {
  static register(checks: readonly ReadinessCheck[]): DynamicModule {
    return { module: ManagementModule, controllers: [HealthController], providers: [{ provide: READINESS_CHECKS, useValue: checks }] };
  }
}

/**
 * Serves the probes and metrics on MANAGEMENT_PORT, a port of their own that the Ingress never
 * routes, so /metrics is not public and the service's own port answers only what it is for.
 */
export async function startManagementApp(app: INestApplication, port: number, logger: Logger): Promise<INestApplication> {
  const checks = app.get<ReadinessCheck[]>(READINESS_CHECKS);
  const management = await NestFactory.create(ManagementModule.register(checks), { logger: new PinoNestLogger(logger), abortOnError: false });
  await management.listen(port, '0.0.0.0');
  return management;
}
