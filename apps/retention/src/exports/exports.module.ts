import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { RETENTION_CONFIG } from '../config/retention-config.token';

@Module({})
export class ExportsModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: ExportsModule,
      controllers: [],
      providers: [{ provide: RETENTION_CONFIG, useValue: config }],
    };
  }
}
