import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ExportJobRepository } from './export-job.repository';
import { ExportSectionsConsumer } from './export-sections.consumer';
import { ExportSweepTask } from './export-sweep.task';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';
import { OrgExportsController } from './org-exports.controller';

/** A person's data export (R11) and an organisation's: request, collect every participant's section, download, expire. */
@Module({
  imports: [AuditModule],
  controllers: [ExportsController, OrgExportsController, ExportSectionsConsumer],
  providers: [ExportJobRepository, ExportsService, ExportSweepTask],
})
export class ExportsModule {}
