import { runApp } from '@sargs/platform/service';
import { ConsentAppModule } from './app.module';
import { appConfigSchema } from './config/app-config';

void runApp({ name: 'consent', configSchema: appConfigSchema, module: (config, logger) => ConsentAppModule.register(config, logger) });
