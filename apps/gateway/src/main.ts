import { readFileSync } from 'node:fs';
import { runApp } from '@sargs/platform/service/http';
import { GatewayAppModule } from './app.module';
import { appConfigSchema } from './config/app-config';
import { configureGateway } from './configure-gateway';

void runApp({
  name: 'gateway',
  configSchema: appConfigSchema,
  module: (config, logger) => GatewayAppModule.register(config, logger),
  httpsOptions: (config) =>
    config.TLS_MODE === 'self'
      ? { cert: readFileSync(config.TLS_CERT_FILE as string), key: readFileSync(config.TLS_KEY_FILE as string) }
      : undefined,
  configure: configureGateway,
});
