import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { RETENTION_CONFIG } from '../config/retention-config.token';
import { ExportSectionsConsumer } from './export-sections.consumer';
import { ExportSweepTask } from './export-sweep.task';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** A person's data export (R11): request, collect every participant's section, download, expire. */
@Module({})
export class ExportsModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: ExportsModule,
      controllers: [ExportsController],
      providers: [{ provide: RETENTION_CONFIG, useValue: config }, ExportsService, ExportSectionsConsumer, ExportSweepTask],
    };
  }
}
