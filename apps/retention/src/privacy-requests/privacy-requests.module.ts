import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { RETENTION_CONFIG } from '../config/retention-config.token';
import { PrivacyRequestOverdueCheckTask } from './privacy-request-overdue-check.task';
import { PrivacyRequestsController } from './privacy-requests.controller';
import { PrivacyRequestsService } from './privacy-requests.service';

/** The privacy-request channel (R12, R22) and its staff console (R23). */
@Module({})
export class PrivacyRequestsModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: PrivacyRequestsModule,
      controllers: [PrivacyRequestsController],
      providers: [{ provide: RETENTION_CONFIG, useValue: config }, PrivacyRequestsService, PrivacyRequestOverdueCheckTask],
    };
  }
}
