import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { HttpsOptions } from '@nestjs/common/interfaces/external/https-options.interface';
import type { z } from 'zod';
import { ConfigError, loadConfig } from '@sargs/platform/config';
import { correlationMiddleware, createLogger, PinoNestLogger, type Logger } from '@sargs/platform/observability';
import { startManagementApp } from './management-app';

export interface RunAppOptions<S extends z.ZodTypeAny> {
  name: string;
  configSchema: S;
  module: (config: z.infer<S>, logger: Logger) => DynamicModule;
  /** TLS for apps that terminate it themselves (the gateway); plain HTTP otherwise. */
  httpsOptions?: (config: z.infer<S>) => HttpsOptions | undefined;
  /** Middleware that must run before any route, e.g. security headers. */
  configure?: (app: INestApplication) => void;
  /** What starts once the app is up, before it reports listening (a service's event transport). */
  start?: (app: INestApplication) => Promise<void>;
}

/**
 * Boots one app: validated config (a bad variable stops it with a message naming the variable),
 * JSON logs, correlation ids, probes and metrics on MANAGEMENT_PORT, graceful shutdown bounded by
 * SHUTDOWN_TIMEOUT_MS.
 */
export async function runApp<S extends z.ZodTypeAny>(options: RunAppOptions<S>): Promise<INestApplication | undefined> {
  let config: z.infer<S>;
  try {
    config = loadConfig(options.configSchema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${options.name}: ${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ service: options.name, level: config.LOG_LEVEL });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: { message: (reason as Error)?.message } }, 'unhandled promise rejection');
    process.exit(1);
  });
  try {
    const app = await NestFactory.create(options.module(config, logger), {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
      httpsOptions: options.httpsOptions?.(config),
    });
    options.configure?.(app);
    app.use(correlationMiddleware);
    await app.listen(config.PORT, '0.0.0.0');
    await options.start?.(app);
    const management = await startManagementApp(app, config.MANAGEMENT_PORT, logger);
    stopOnSignals([app, management], logger, config.SHUTDOWN_TIMEOUT_MS ?? 10_000);
    logger.info({ port: config.PORT, managementPort: config.MANAGEMENT_PORT }, `${options.name} is listening`);
    return app;
  } catch (err) {
    logger.fatal({ err: { name: (err as Error).name, message: (err as Error).message } }, 'failed to start');
    process.exit(1);
  }
}

/**
 * SIGTERM/SIGINT: close the app (consumers finish their batch and commit, the relay stops, the
 * database closes), then the management app, then exit 0; a shutdown that hangs past the timeout
 * exits 1.
 */
function stopOnSignals(apps: INestApplication[], logger: Logger, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('graceful shutdown timed out');
      process.exit(1);
    }, timeoutMs).unref();
    apps
      .reduce((closed, app) => closed.then(() => app.close()), Promise.resolve())
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((err: Error) => {
        logger.error({ err: { message: err.message } }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
