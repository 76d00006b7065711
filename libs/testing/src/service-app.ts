import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { OrgRole, RoleName } from '@sargs/contracts';
import { generateAppKeys, serviceEnv } from '@sargs/devstack';
import { assertionPrivateKey, INTERNAL_ASSERTION_HEADER, signAssertion } from '@sargs/platform/auth-assertion';
import { loadConfig } from '@sargs/platform/config';
import { correlationMiddleware, createLogger } from '@sargs/platform/observability';
import { startEventTransport } from '@sargs/platform/messaging';
import { serviceModule, type ServiceConfig, type ServiceDefinition } from '@sargs/platform/service';
import { testServiceCredentials } from './test-kafka';
import { TEST_STACK_ENV, testKafkaBrokers } from './test-stack';

export interface ServiceAppOptions {
  databaseUrl: string;
  /** Default: the shared test broker. The consumer group is the service's name, so use one file per service there. */
  brokers?: string;
  /** After the environment `serviceEnv` builds (backups off). */
  env?: Record<string, string>;
}

/** Who the gateway says is calling: the claims of its signed assertion. */
export interface Caller {
  sub?: string;
  roles?: RoleName[];
  sid?: string;
  cip?: string;
  /** On a tenant route: the organisation the gateway resolved the caller's membership in, and the role. */
  org?: { id: string; role: OrgRole };
}

/** One service, in this process, on a real database and broker: the medium test tier. */
export interface ServiceApp {
  app: INestApplication;
  /** supertest against the service's own HTTP server (no port, no gateway). */
  http(): ReturnType<typeof request>;
  /** The header the gateway would send for `caller` (an anonymous public call by default). */
  as(caller?: Caller): Record<string, string>;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * Boots a service from its definition (the same module its main.ts runs) inside the test: its
 * controllers, consumers, outbox relay and migrations, on `databaseUrl`, without the gateway or
 * any other process. Requests go in with supertest and a signed assertion, as the gateway's would.
 */
export async function startServiceApp<S extends z.ZodType<ServiceConfig, z.ZodTypeDef, unknown>>(definition: ServiceDefinition<S>, options: ServiceAppOptions): Promise<ServiceApp> {
  const keys = generateAppKeys();
  const env = {
    ...serviceEnv(definition.name, {
      databaseUrl: options.databaseUrl,
      kafkaBrokers: options.brokers ?? testKafkaBrokers(),
      kafkaCredentials: testServiceCredentials(definition.name),
      secrets: keys,
      smtpUrl: process.env[TEST_STACK_ENV.smtpUrl] ?? 'smtp://127.0.0.1:1',
      logLevel: process.env.SARGS_TEST_LOG_LEVEL ?? 'silent',
      backups: 'off',
    }),
    OUTBOX_POLL_INTERVAL_MS: '200',
    ...options.env,
  };
  const config = loadConfig(definition.configSchema, env);
  const logger = createLogger({ service: definition.name, level: config.LOG_LEVEL });
  // Nest's testing module: the same root module main.ts boots, compiled for the test.
  const moduleRef = await Test.createTestingModule({ imports: [serviceModule(definition, config, logger)] }).compile();
  const app = moduleRef.createNestApplication({ logger: false, abortOnError: false });
  definition.configure?.(app);
  app.use(correlationMiddleware);
  await app.init();
  await startEventTransport(app);
  const privateKey = assertionPrivateKey(Buffer.from(keys.assertionPrivateKey, 'base64'));
  return {
    app,
    http: () => request(app.getHttpServer()),
    as: (caller = {}) => ({ [INTERNAL_ASSERTION_HEADER]: signAssertion(privateKey, { roles: [], cip: '127.0.0.1', ...caller, aud: definition.name }) }),
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}
