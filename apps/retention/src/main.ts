import { runApp } from '@sargs/platform/service';
import { RetentionAppModule } from './app.module';
import { appConfigSchema } from './config/app-config';

void runApp({ name: 'retention', configSchema: appConfigSchema, module: (config, logger) => RetentionAppModule.register(config, logger) });
