import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { RETENTION_CONFIG } from '../config/retention-config.token';

@Module({})
export class ErasureModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: ErasureModule,
      controllers: [],
      providers: [{ provide: RETENTION_CONFIG, useValue: config }],
    };
  }
}
