import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { z } from 'zod';
import { ConfigError, loadConfig } from '@sargs/platform/config';
import { correlationMiddleware, createLogger, PinoNestLogger, type Logger } from '@sargs/platform/observability';

export interface RunAppOptions<S extends z.ZodTypeAny> {
  name: string;
  configSchema: S;
  module: (config: z.infer<S>, logger: Logger) => DynamicModule;
  /** Opens the app's listeners; the default listens on PORT on all interfaces. */
  listen?: (app: INestApplication, config: z.infer<S>, logger: Logger) => Promise<void>;
}

/**
 * Boots one app: validated config (a bad variable stops it with a message naming the variable),
 * JSON logs, correlation ids, graceful shutdown bounded by SHUTDOWN_TIMEOUT_MS.
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
  const shutdownTimeoutMs: number = config.SHUTDOWN_TIMEOUT_MS ?? 10_000;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      setTimeout(() => {
        logger.error('graceful shutdown timed out');
        process.exit(1);
      }, shutdownTimeoutMs).unref();
    });
  }
  try {
    const app = await NestFactory.create(options.module(config, logger), {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    });
    app.use(correlationMiddleware);
    app.enableShutdownHooks();
    if (options.listen) await options.listen(app, config, logger);
    else await app.listen(config.PORT, '0.0.0.0');
    logger.info({ port: config.PORT }, `${options.name} is listening`);
    return app;
  } catch (err) {
    logger.fatal({ err: { name: (err as Error).name, message: (err as Error).message } }, 'failed to start');
    process.exit(1);
  }
}
