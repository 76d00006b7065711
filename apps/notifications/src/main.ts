import { runApp } from '@sargs/platform/service';
import { NotificationsAppModule } from './app.module';
import { appConfigSchema } from './config/app-config';

void runApp({ name: 'notifications', configSchema: appConfigSchema, module: (config, logger) => NotificationsAppModule.register(config, logger) });
