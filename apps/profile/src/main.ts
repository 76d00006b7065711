import { runApp } from '@sargs/platform/service';
import { ProfileAppModule } from './app.module';
import { appConfigSchema } from './config/app-config';

void runApp({ name: 'profile', configSchema: appConfigSchema, module: (config, logger) => ProfileAppModule.register(config, logger) });
