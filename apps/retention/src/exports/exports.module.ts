import { Module } from '@nestjs/common';
import { ExportJobRepository } from './export-job.repository';
import { ExportSectionsConsumer } from './export-sections.consumer';
import { ExportSweepTask } from './export-sweep.task';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** A person's data export (R11): request, collect every participant's section, download, expire. */
@Module({
  controllers: [ExportsController, ExportSectionsConsumer],
  providers: [ExportJobRepository, ExportsService, ExportSweepTask],
})
export class ExportsModule {}
