import { runApp } from '@sargs/platform/service';
import { IdentityAppModule } from './app.module';
import { appConfigSchema } from './config/app-config';

void runApp({ name: 'identity', configSchema: appConfigSchema, module: (config, logger) => IdentityAppModule.register(config, logger) });
